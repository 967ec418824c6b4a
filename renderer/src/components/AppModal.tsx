import { Modal, type ModalProps } from '@mantine/core'
import { useTranslation } from 'react-i18next'

/**
 * Mantine draws a dialog's title bar as <header>, which assistive technology counts as a second banner
 * landmark beside the window's own; in a dialog it is only a title bar.
 */
export const DIALOG_ATTRIBUTES = { header: { role: 'none' } }

/**
 * Mantine's Modal with its ✕ named ("Close dialog") and focus placed on the dialog's first real control:
 * mark that control with `data-autofocus`. Every dialog of the window goes through here.
 */
export function AppModal({ closeButtonProps, ...props }: ModalProps) {
  const { t } = useTranslation()
  return (
    <Modal
      {...props}
      closeButtonProps={{ 'aria-label': t('common.closeDialog'), ...closeButtonProps }}
      attributes={DIALOG_ATTRIBUTES}
    />
  )
}
