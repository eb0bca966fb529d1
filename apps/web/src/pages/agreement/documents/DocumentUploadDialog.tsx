import {
  Button,
  Checkbox,
  FileButton,
  Modal,
  NativeSelect,
  Paper,
  Progress,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { type DragEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../../api/client';
import { uploadForm } from '../../../api/upload';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { type AgreementDocument, documentTypes, type DocumentType, useDocumentFormat } from './document-format';

export type UploadMode = { kind: 'new'; milestoneId?: string } | { kind: 'version'; document: AgreementDocument };

const accept = '.pdf,.docx,.xlsx,.jpg,.jpeg,.png,.tif,.tiff';

/**
 * Upload a new document (its fields, then the file) or a new version of one. The file comes
 * from a drop on the zone or from the file button (keyboard); progress is the upload's own.
 */
export function DocumentUploadDialog({
  agreementId,
  mode,
  milestones,
  onClose,
  onUploaded,
  onStale,
}: {
  agreementId: string;
  mode: UploadMode;
  milestones: Array<{ value: string; label: string }>;
  onClose: () => void;
  onUploaded: () => void;
  onStale: () => void;
}) {
  const { t } = useTranslation();
  const format = useDocumentFormat();
  const [file, setFile] = useState<File | null>(null);
  const [type, setType] = useState<DocumentType>('signed-copy');
  const [language, setLanguage] = useState('th');
  const [note, setNote] = useState('');
  const [authoritative, setAuthoritative] = useState(false);
  const [milestoneId, setMilestoneId] = useState(mode.kind === 'new' ? (mode.milestoneId ?? '') : '');
  const [dragging, setDragging] = useState(false);
  const [percent, setPercent] = useState<number | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [missingFile, setMissingFile] = useState(false);

  const drop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) setFile(dropped);
  };

  const submit = async () => {
    if (!file) {
      setMissingFile(true);
      return;
    }
    setFailure(null);
    setPercent(0);
    const progress = ({ loaded, total }: { loaded: number; total: number }) =>
      setPercent(Math.round((loaded / total) * 100));
    try {
      if (mode.kind === 'version') {
        await uploadForm(
          `/documents/${mode.document.id}/versions`,
          { version: String(mode.document.version) },
          file,
          progress,
        );
      } else {
        // The API reads the fields only before the file part: uploadForm appends the file last.
        await uploadForm(
          `/agreements/${agreementId}/documents`,
          {
            type,
            language,
            note: note.trim() || undefined,
            milestoneId: milestoneId || undefined,
            authoritative: authoritative ? 'true' : undefined,
          },
          file,
          progress,
        );
      }
      onUploaded();
    } catch (error) {
      setPercent(null);
      setFailure(error);
      if (error instanceof ApiRequestError && error.status === 409) onStale();
    }
  };

  const stale = failure instanceof ApiRequestError && failure.status === 409;
  const title =
    mode.kind === 'version'
      ? t('documents.newVersionTitle', { filename: mode.document.current.filename })
      : t('documents.uploadTitle');

  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': t('agreementForm.close') }} title={title}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack>
          {mode.kind === 'new' ? (
            <>
              <NativeSelect
                label={t('documents.field.type')}
                value={type}
                onChange={(event) => setType(event.currentTarget.value as DocumentType)}
                data={documentTypes.map((value) => ({ value, label: t(`documents.types.${value}`) }))}
              />
              <NativeSelect
                label={t('documents.field.language')}
                value={language}
                onChange={(event) => setLanguage(event.currentTarget.value)}
                data={['th', 'en'].map((code) => ({ value: code, label: format.language(code) }))}
              />
              {milestones.length > 0 ? (
                <NativeSelect
                  label={t('documents.field.milestone')}
                  value={milestoneId}
                  onChange={(event) => setMilestoneId(event.currentTarget.value)}
                  data={[{ value: '', label: t('documents.filterAgreementOnly') }, ...milestones]}
                />
              ) : null}
              <TextInput
                label={t('documents.field.note')}
                value={note}
                onChange={(event) => setNote(event.currentTarget.value)}
              />
              <Checkbox
                label={t('documents.field.authoritative')}
                checked={authoritative}
                onChange={(event) => setAuthoritative(event.currentTarget.checked)}
              />
            </>
          ) : null}
          <Paper
            withBorder
            p="md"
            data-testid="document-dropzone"
            data-dragging={dragging || undefined}
            style={{
              borderStyle: 'dashed',
              borderWidth: 2,
              background: dragging ? 'var(--mantine-color-indigo-0)' : undefined,
            }}
            onDragOver={(event) => {
              event.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={drop}
          >
            <Stack gap="xs" align="center">
              <Text size="sm">{t('documents.dropHere')}</Text>
              <FileButton
                onChange={(chosen) => {
                  setFile(chosen);
                  setMissingFile(false);
                }}
                accept={accept}
              >
                {(props) => (
                  <Button variant="default" {...props}>
                    {t('documents.chooseFile')}
                  </Button>
                )}
              </FileButton>
              <Text size="xs" c="dark.4">
                {t('documents.accepted')}
              </Text>
              <Text size="sm" fw={600} aria-live="polite" data-testid="document-chosen">
                {file
                  ? t('documents.chosen', { filename: file.name, size: format.size(file.size) })
                  : t('documents.noFile')}
              </Text>
              {missingFile && !file ? (
                <Text size="xs" c="red.9" role="alert">
                  {t('documents.fileRequired')}
                </Text>
              ) : null}
            </Stack>
          </Paper>
          {percent !== null ? (
            <Progress
              value={percent}
              aria-label={t('documents.progressLabel', { percent })}
              data-testid="upload-progress"
            />
          ) : null}
          {stale ? (
            <Text role="alert" c="red.9" size="sm">
              {t('documents.stale')}
            </Text>
          ) : null}
          {failure ? <ErrorNotice error={failure} /> : null}
          <Button type="submit" loading={percent !== null} disabled={stale}>
            {t('documents.send')}
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
