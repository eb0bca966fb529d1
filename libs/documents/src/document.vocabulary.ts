/** What a document is, as treaty offices file them. */
export const documentTypes = ['signed-copy', 'draft', 'cabinet-resolution', 'note-verbale', 'report', 'other'] as const;
export type DocumentType = (typeof documentTypes)[number];

/** Where a version's text extraction stands; failed keeps its error. */
export const extractionStates = ['pending', 'done', 'failed'] as const;
export type ExtractionState = (typeof extractionStates)[number];

/** How the text was obtained: embedded text, Word's XML, a workbook's strings, or OCR. */
export type ExtractionMethod = 'pdftotext' | 'mammoth' | 'xlsx-strings' | 'ocr';

export const mediaTypes = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  tiff: 'image/tiff',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export type DocumentMediaType = (typeof mediaTypes)[keyof typeof mediaTypes];

/** The allowed list: content sniffed as one of these is accepted; anything else is a 415. */
export const allowedMediaTypes: readonly string[] = Object.values(mediaTypes);

/** File name extensions that claim a type (a name claiming one type over another's content is refused). */
export const extensionMediaType: Record<string, DocumentMediaType> = {
  pdf: mediaTypes.pdf,
  jpg: mediaTypes.jpeg,
  jpeg: mediaTypes.jpeg,
  png: mediaTypes.png,
  tif: mediaTypes.tiff,
  tiff: mediaTypes.tiff,
  docx: mediaTypes.docx,
  xlsx: mediaTypes.xlsx,
};
