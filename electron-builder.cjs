// `npm run dist`: installers for Linux (AppImage, deb), Windows (NSIS) and macOS (dmg). Build each on its
// own OS (or its CI runner): the native modules inside are the ones npm installed there.
/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'com.payoutdesk.app',
  productName: 'Payout Desk',
  copyright: 'Payout Desk',
  directories: { output: 'dist', buildResources: 'resources' },
  // The sandbox's public test keys in resources/ are read at run time.
  files: ['out/**', 'resources/**', '!resources/icon.svg', 'package.json'],
  asar: true,
  // Native code cannot be loaded from inside an ASAR archive.
  asarUnpack: ['node_modules/better-sqlite3/**/*.node', 'node_modules/keytar/**/*.node'],
  // better-sqlite3 13 ships Node-API prebuilds and keytar 7 is Node-API too: the binaries npm installed
  // for Node 24 load unchanged in Electron, so nothing is recompiled while packaging.
  npmRebuild: false,
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    enableCookieEncryption: true,
    grantFileProtocolExtraPrivileges: false,
  },
  icon: 'resources/icon.png',
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Office;Finance',
    maintainer: 'Payout Desk',
    synopsis: 'Pay people out through Vexora and BluePay Asia, with your own ledger',
  },
  // keytar talks to the desktop keyring through libsecret.
  deb: { depends: ['libsecret-1-0'] },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  mac: { target: ['dmg'], category: 'public.app-category.finance', hardenedRuntime: true },
}
