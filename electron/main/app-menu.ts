// Plain data, no Electron import: what the application menu holds and whether DevTools may open.
// electron/main/window.ts hands these to Electron; tests read them under Node.

/** A menu item as Electron's Menu.buildFromTemplate takes it (only the parts we use). */
export interface MenuItemSpec {
  role?: string
  label?: string
  type?: 'separator'
  submenu?: MenuItemSpec[]
}

/** DevTools only in a development build: in a packaged app they would open the ledger to anyone at the keyboard. */
export const devToolsAllowed = (packaged: boolean): boolean => !packaged

const EDIT: MenuItemSpec = {
  label: 'Edit',
  submenu: [
    { role: 'undo' },
    { role: 'redo' },
    { type: 'separator' },
    { role: 'cut' },
    { role: 'copy' },
    { role: 'paste' },
    { role: 'selectAll' },
  ],
}

/**
 * The minimal menu: Edit, so Ctrl/Cmd+C, V, X, Z and A keep working in every field, and a way to quit
 * (on macOS the app menu). Reload and DevTools only while developing; no View menu otherwise.
 */
export function appMenuTemplate(platform: NodeJS.Platform, packaged: boolean): MenuItemSpec[] {
  const menu: MenuItemSpec[] =
    platform === 'darwin'
      ? [{ role: 'appMenu' }, EDIT, { role: 'windowMenu' }]
      : [{ label: 'File', submenu: [{ role: 'quit' }] }, EDIT]
  if (!packaged) {
    menu.push({
      label: 'Develop',
      submenu: [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }],
    })
  }
  return menu
}
