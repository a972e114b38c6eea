import type { PlatformBridge } from './types';

/** Browser bridge: a hidden file input for imports (drag and drop is handled by the app), downloads for exports. */
export const webBridge = (): PlatformBridge => ({
  kind: 'web',
  pickImportFiles: () =>
    new Promise((resolve) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.multiple = true;
      input.setAttribute('data-testid', 'import-file-input');
      input.style.display = 'none';
      input.addEventListener('change', () => {
        const files = [...(input.files ?? [])];
        input.remove();
        resolve(files.map((f) => ({ name: f.name, size: f.size, blob: f })));
      });
      input.addEventListener('cancel', () => {
        input.remove();
        resolve([]);
      });
      document.body.append(input);
      input.click();
    }),
  saveFile: (name, data) => {
    const url = URL.createObjectURL(data);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return Promise.resolve(name);
  },
  onMenuCommand: () => () => undefined,
});
