import type { ChosenFile, MainApi } from '#shared/contracts/main-api';
import { MAX_READ_CHUNK } from '#shared/contracts/main-api';
import type { PlatformBridge } from './types';

/** A chosen file as a byte stream pulled chunk by chunk through the preload API, transferable to the worker. */
const streamOf = (api: MainApi, file: ChosenFile): ReadableStream<Uint8Array> => {
  let offset = 0;
  const chunk = Math.min(MAX_READ_CHUNK, 4 * 1024 * 1024);
  return new ReadableStream<Uint8Array>({
    pull: async (controller) => {
      if (offset >= file.size) {
        controller.close();
        return;
      }
      const buf = await api.readChunk(file.token, offset, chunk);
      if (buf.byteLength === 0) {
        controller.close();
        return;
      }
      offset += buf.byteLength;
      controller.enqueue(new Uint8Array(buf));
    },
  });
};

export const electronBridge = (api: MainApi): PlatformBridge => ({
  kind: 'electron',
  pickImportFiles: async () => (await api.openImportDialog()).map((f) => ({ name: f.name, size: f.size, stream: streamOf(api, f) })),
  pickCaseFile: async () => (await api.openCaseDialog()).map((f) => ({ name: f.name, size: f.size, stream: streamOf(api, f) })),
  saveFile: async (name, data) => api.saveFile(name, await data.arrayBuffer()),
  printToPdf: async (html) => new Blob([await api.printToPdf(html)], { type: 'application/pdf' }),
  onMenuCommand: (listener) => api.onMenuCommand(listener),
});
