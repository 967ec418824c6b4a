import { count, n, s, type Wording } from '../wording.ts'

const SAVE_AS_UTF8 = {
  en: 'Save it again as "CSV UTF-8" (in Excel: Save As → CSV UTF-8; in LibreOffice: Text CSV, character set Unicode (UTF-8)).',
  'zh-CN':
    '请重新另存为“CSV UTF-8”（Excel：另存为 → CSV UTF-8；LibreOffice：文本 CSV，字符集选 Unicode (UTF-8)）。',
}

const SAVE_ALONE = {
  en: 'Save the payouts alone as a new .xlsx or .csv file.',
  'zh-CN': '请把付款单独另存为新的 .xlsx 或 .csv 文件。',
}

/** Refusals of a file to import, and of an import's review while it is open. */
export const IMPORT_ERRORS = {
  fileTooLarge: {
    en: () => 'The file is larger than 40 MB. Split it into smaller files.',
    'zh-CN': () => '文件超过 40 MB。请拆分成较小的文件。',
  },
  fileKind: { en: () => 'Choose a .csv or .xlsx file.', 'zh-CN': () => '请选择 .csv 或 .xlsx 文件。' },
  fileEmpty: {
    en: () => 'The file is empty: it needs a header row and at least one payout.',
    'zh-CN': () => '文件是空的：它需要一行表头和至少一笔付款。',
  },
  fileOnlyHeader: {
    en: () => 'The file has a header row but no payouts.',
    'zh-CN': () => '文件只有表头，没有付款。',
  },
  fileTooManyRows: {
    en: (p) => `The file has ${n(p, 'rows')} rows; split it into files of at most ${n(p, 'max')}.`,
    'zh-CN': (p) => `文件有 ${n(p, 'rows')} 行；请拆分成每个最多 ${n(p, 'max')} 行的文件。`,
  },
  csvNotValid: {
    en: (p) => `The file is not valid CSV near line ${n(p, 'line')}: its quotation marks do not pair up.`,
    'zh-CN': (p) => `文件在第 ${n(p, 'line')} 行附近不是有效的 CSV：引号不成对。`,
  },
  utf16Damaged: {
    en: () => `The file starts like UTF-16 text but is damaged. ${SAVE_AS_UTF8.en}`,
    'zh-CN': () => `文件开头像 UTF-16 文本，但已损坏。${SAVE_AS_UTF8['zh-CN']}`,
  },
  encodingUnknown: {
    en: () =>
      `The file is not UTF-8, and its characters could not be told apart for certain. ${SAVE_AS_UTF8.en}`,
    'zh-CN': () => `文件不是 UTF-8 编码，无法确定其中的字符。${SAVE_AS_UTF8['zh-CN']}`,
  },
  fileTooBigToRead: {
    en: () => 'The file needs more memory to read than Payout Desk allows. Split it into smaller files.',
    'zh-CN': () => '读取这个文件需要的内存超过 Payout Desk 的上限。请拆分成较小的文件。',
  },
  fileTooSlowToRead: {
    en: () =>
      'Reading the file took longer than a minute, so Payout Desk stopped. Save the payouts as CSV UTF-8, or split them into smaller files.',
    'zh-CN': () =>
      '读取这个文件超过了一分钟，Payout Desk 已停止读取。请把付款另存为 CSV UTF-8，或拆分成较小的文件。',
  },
  csvUnreadable: {
    en: () => 'The file could not be read as CSV. Save it again as CSV UTF-8 or .xlsx.',
    'zh-CN': () => '无法按 CSV 读取这个文件。请重新另存为 CSV UTF-8 或 .xlsx。',
  },
  workbookUnreadable: {
    en: () => 'The file is not a readable Excel workbook. Save it again as .xlsx or .csv.',
    'zh-CN': () => '文件不是可读取的 Excel 工作簿。请重新另存为 .xlsx 或 .csv。',
  },
  workbookTooBigToRead: {
    en: () =>
      'The workbook needs more memory to read than Payout Desk allows. Save the payouts as CSV UTF-8, or split them into smaller files.',
    'zh-CN': () =>
      '读取这个工作簿需要的内存超过 Payout Desk 的上限。请把付款另存为 CSV UTF-8，或拆分成较小的文件。',
  },
  workbookTooLarge: {
    en: () => `The workbook is too large to read. ${SAVE_ALONE.en}`,
    'zh-CN': () => `工作簿太大，无法读取。${SAVE_ALONE['zh-CN']}`,
  },
  workbookTooManyParts: {
    en: (p) => `The workbook has ${n(p, 'count')} parts inside (at most ${n(p, 'max')}). ${SAVE_ALONE.en}`,
    'zh-CN': (p) => `工作簿内部有 ${n(p, 'count')} 个部件（最多 ${n(p, 'max')} 个）。${SAVE_ALONE['zh-CN']}`,
  },
  workbookUnpacksTooBig: {
    en: (p) =>
      `The workbook would unpack to ${n(p, 'mb')} MB of sheets (at most ${n(p, 'max')} MB). ${SAVE_ALONE.en}`,
    'zh-CN': (p) =>
      `工作簿解压后的工作表有 ${n(p, 'mb')} MB（最多 ${n(p, 'max')} MB）。${SAVE_ALONE['zh-CN']}`,
  },
  workbookTooManyRows: {
    en: (p) => `The workbook has a sheet of ${n(p, 'rows')} rows. ${SAVE_ALONE.en}`,
    'zh-CN': (p) => `工作簿中有一个 ${n(p, 'rows')} 行的工作表。${SAVE_ALONE['zh-CN']}`,
  },
  sheetTooWide: {
    en: (p) =>
      `${s(p, 'sheet') ? `Sheet "${s(p, 'sheet')}"` : 'A sheet of the workbook'} uses columns up to ${s(p, 'column')}; a payout file has at most ${n(p, 'max')} columns. Delete what is to the right of the payouts, or copy them to a new sheet.`,
    'zh-CN': (p) =>
      `${s(p, 'sheet') ? `工作表“${s(p, 'sheet')}”` : '工作簿中有一个工作表'}用到了 ${s(p, 'column')} 列；付款文件最多 ${n(p, 'max')} 列。请删除付款右侧的内容，或把付款复制到新工作表。`,
  },
  sheetNotFound: {
    en: (p) =>
      `The workbook has no sheet "${s(p, 'sheet')}" with payouts. Its sheets: ${s(p, 'sheets') || 'none'}.`,
    'zh-CN': (p) => `工作簿中没有含付款的工作表“${s(p, 'sheet')}”。它的工作表：${s(p, 'sheets') || '无'}。`,
  },
  workbookNoRows: {
    en: () => 'The workbook has no rows. Put the payouts on its first sheet.',
    'zh-CN': () => '工作簿没有任何行。请把付款放在第一个工作表上。',
  },
  importClosed: {
    en: () => 'This import was closed. Choose the file again.',
    'zh-CN': () => '这次导入已关闭。请重新选择文件。',
  },
  importNothingToAccept: {
    en: () => 'This file was not imported before, so there is nothing to accept about it.',
    'zh-CN': () => '这个文件之前没有导入过，因此没有需要确认的内容。',
  },
  importCheckedAgain: {
    en: () =>
      'The file was checked again after your last change, so what it shows may have changed. Look at it again, then tick or confirm.',
    'zh-CN': () => '文件在你最后一次修改后重新检查过，显示的内容可能已经改变。请再看一遍，然后再勾选或确认。',
  },
  importNotChecked: {
    en: () =>
      'Your last change to this file could not be checked, so the file cannot be sent as it stands. Make the change again, or choose the file again.',
    'zh-CN': () =>
      '无法检查你对这个文件的最后一次修改，所以不能按现在的样子发送。请再修改一次，或重新选择文件。',
  },
  importWriting: {
    en: () => 'This file is being written to the ledger. Wait until it has finished.',
    'zh-CN': () => '正在把这个文件写入账本。请等它完成。',
  },
  notAGatewayField: {
    en: (p) => `"${s(p, 'target')}" is not a field of this gateway.`,
    'zh-CN': (p) => `“${s(p, 'target')}”不是此支付网关的字段。`,
  },
  lastRow: {
    en: () => 'This is the last row. Close the import instead.',
    'zh-CN': () => '这是最后一行。请改为关闭本次导入。',
  },
  thousandsDotUnconfirmed: {
    en: (p) =>
      `Amounts in "${s(p, 'column')}" are written with dots between thousands: "${s(p, 'example')}" = ${s(p, 'reading')}. Tick the box that confirms it, or correct the amounts.`,
    'zh-CN': (p) =>
      `“${s(p, 'column')}”列的金额用点分隔千位：“${s(p, 'example')}” = ${s(p, 'reading')}。请勾选确认，或改正金额。`,
    cli: {
      en: (p) =>
        `Amounts in "${s(p, 'column')}" are written with dots between thousands: "${s(p, 'example')}" = ${s(p, 'reading')}. Add --thousands-dot to read them that way, or correct the amounts.`,
      'zh-CN': (p) =>
        `“${s(p, 'column')}”列的金额用点分隔千位：“${s(p, 'example')}” = ${s(p, 'reading')}。请加上 --thousands-dot 按此读取，或改正金额。`,
    },
  },
  noRowSendable: { en: () => 'No row of the file can be sent.', 'zh-CN': () => '文件中没有可发送的行。' },
  warningsNotAccepted: {
    en: (p) =>
      n(p, 'count') === 1
        ? `Line ${n(p, 'line')} has a warning that was not accepted. Nothing was sent.`
        : `${count(n(p, 'count'), 'line')} have warnings that were not accepted. Nothing was sent.`,
    'zh-CN': (p) =>
      n(p, 'count') === 1
        ? `第 ${n(p, 'line')} 行有未接受的警告。未发送任何付款。`
        : `有 ${n(p, 'count')} 行的警告未被接受。未发送任何付款。`,
  },
  repeatFileNotAccepted: {
    en: () => 'This file was imported before, and sending it again was not accepted. Nothing was sent.',
    'zh-CN': () => '这个文件以前导入过，而再次发送没有被接受。未发送任何付款。',
  },
  importedMeanwhile: {
    en: () =>
      'Nothing was sent: this file was imported meanwhile. The review has been checked again; look at its new warnings, then confirm.',
    'zh-CN': () => '未发送任何付款：这个文件在此期间已被导入。已重新检查审核；请查看新的警告后再确认。',
  },
  repeatWrittenMeanwhile: {
    en: (p) =>
      `Nothing was sent: a payout of the same amount to account ${s(p, 'account')} was written meanwhile. The review has been checked again; look at its new warnings, then confirm.`,
    'zh-CN': (p) =>
      `未发送任何付款：在此期间已写入一笔付给账户 ${s(p, 'account')} 的相同金额付款。已重新检查审核；请查看新的警告后再确认。`,
  },
  repeatMayHavePaidMeanwhile: {
    en: (p) =>
      `Nothing was sent: a payout of the same amount to account ${s(p, 'account')} that had not gone through may have been paid after all (the gateway said so meanwhile). The review has been checked again; look at its new warnings, then confirm.`,
    'zh-CN': (p) =>
      `未发送任何付款：一笔付给账户 ${s(p, 'account')} 的相同金额付款原本未成功，但网关在此期间表示它可能已经付出。已重新检查审核；请查看新的警告后再确认。`,
  },
  ledgerChangedWhileWriting: {
    en: () =>
      'Nothing was sent: the ledger changed for this profile while the file was being written (a new payout, or its release limits). The review has been checked again; look at it, then confirm.',
    'zh-CN': () =>
      '未发送任何付款：写入文件期间，此配置的账本有了变化（新的付款，或放行限额）。已重新检查审核；请查看后再确认。',
  },
  rowAccountChanged: {
    en: (p) => `${s(p, 'name')} was last paid at ${s(p, 'old')}; this row pays ${s(p, 'new')}`,
    'zh-CN': (p) => `${s(p, 'name')} 上次收款账户是 ${s(p, 'old')}；这一行付到 ${s(p, 'new')}`,
  },
  importInterrupted: {
    en: () => 'Nothing was sent: the import was interrupted before all of it was written.',
    'zh-CN': () => '未发送任何付款：导入在全部写入之前被中断。',
  },
} satisfies Record<string, Wording>
