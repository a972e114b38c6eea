import type { ImportSource } from '#shared/engine/api';
import type { PlatformBridge } from './types';

/** Browser bridge: a hidden file input for imports (drag and drop is handled by the app), downloads for exports. */
const pickFiles = (multiple: boolean, accept?: string): Promise<ImportSource[]> =>
  new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = multiple;
    if (accept) input.accept = accept;
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
  });

export const webBridge = (): PlatformBridge => ({
  kind: 'web',
  pickImportFiles: () => pickFiles(true),
  pickCaseFile: () => pickFiles(false, '.caseline'),
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
