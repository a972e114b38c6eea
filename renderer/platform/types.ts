import type { ImportSource } from '#shared/engine/api';
import type { MenuCommand } from '#shared/contracts/main-api';

/** What the UI needs from its host: the web build and the Electron shell each implement it. */
export type PlatformBridge = {
  kind: 'web' | 'electron';
  /** Ask the user for alert export files; resolves with sources the engine worker can read. */
  pickImportFiles(): Promise<ImportSource[]>;
  /** Ask the user for one `.caseline` case file (the native case dialog on the desktop). */
  pickCaseFile(): Promise<ImportSource[]>;
  /** Offer bytes as a file download (web) or a native save dialog (Electron). Returns the saved name or null. */
  saveFile(name: string, data: Blob): Promise<string | null>;
  /** Print report HTML to a PDF (Electron only: a hidden, locked-down window). The web build has no PDF printer. */
  printToPdf?(html: string): Promise<Blob>;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
};
