// Names that are data contracts, not branding: changing them moves where Chromium keeps the cases.

export const PRODUCT_NAME = 'Caseline';

/**
 * userData folder name: where Chromium keeps IndexedDB, i.e. every case. Like APP_ORIGIN it is fixed here rather
 * than derived from package.json, so renaming the package cannot orphan cases. Dev runs get their own folder so a
 * dev build's schema migrations never touch an installed app's data.
 */
export function userDataFolderName(isPackaged: boolean): string {
  return isPackaged ? PRODUCT_NAME : `${PRODUCT_NAME}-dev`;
}
