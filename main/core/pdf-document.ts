/**
 * What every printed document of the desk shares (the handover, the plan review): an A4 pdfkit
 * document in the CJK font the app ships, collected into a Buffer, and a footer stamped on every
 * page once the content is laid out.
 */
import PDFDocument from 'pdfkit';

export interface PdfPage {
  readonly doc: PDFKit.PDFDocument;
  readonly done: Promise<Buffer>;
  readonly left: number;
  readonly width: number;
  /** Starts a new page unless `height` more points fit above the bottom margin. */
  ensure(height: number): void;
}

export function openPdf(options: { fontFile: string; title: string; margins: { top: number; bottom: number; left: number; right: number } }): PdfPage {
  const doc = new PDFDocument({ size: 'A4', margins: options.margins, bufferPages: true, info: { Title: options.title, Creator: 'Duty Desk' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', options.fontFile);
  doc.font('cjk');
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  return {
    doc,
    done,
    left,
    width,
    ensure(height) {
      if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    },
  };
}

/** Writes `lines(page, pages)` (12 pt apart, 8 pt grey) under the bottom margin of every page, then ends the document. */
export function finishWithFooter(p: PdfPage, color: string, lines: (page: number, pages: number) => string[]): Promise<Buffer> {
  const { doc, left, width } = p;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - doc.page.margins.bottom + 18;
    // Writing below the bottom margin would make pdfkit start a new page: lift the margin for the footer.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fillColor(color).fontSize(8);
    lines(i - range.start + 1, range.count).forEach((line, n) => doc.text(line, left, y + 12 * n, { width, lineBreak: false }));
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return p.done;
}

/**
 * The heading every printed document opens with: the centre's name (grey), the title, a framed tag
 * at the right (the handover's status, the review's 演练 / 实战) in its colour, and a rule under it.
 * Leaves the cursor at the left margin below the rule.
 */
export function pdfHeading(p: PdfPage, h: { centre: string; title: string; tag: string; tagColor: string; ink: string; grey: string; line: string }): void {
  const { doc, left, width } = p;
  const top = doc.page.margins.top;
  doc.fillColor(h.grey).fontSize(12).text(h.centre, left, top, { width });
  doc.moveDown(0.2);
  doc.fillColor(h.ink).fontSize(22).text(h.title, { width });
  doc.fontSize(12);
  const tagWidth = doc.widthOfString(h.tag) + 20;
  doc
    .roundedRect(left + width - tagWidth, top + 22, tagWidth, 22, 4)
    .lineWidth(1)
    .strokeColor(h.tagColor)
    .stroke();
  doc.fillColor(h.tagColor).text(h.tag, left + width - tagWidth, top + 27, { width: tagWidth, align: 'center' });
  doc.x = left;
  doc.y = top + 64;
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .lineWidth(1)
    .strokeColor(h.line)
    .stroke();
  doc.moveDown(0.6);
}

/** A section's title: an accent bar and the title, on a new page unless `keep` more points fit. */
export function pdfSection(p: PdfPage, title: string, colors: { accent: string; ink: string }, keep = 50): void {
  const { doc, left, width } = p;
  p.ensure(keep);
  doc.moveDown(0.6);
  const y = doc.y;
  doc.rect(left, y + 2, 3, 13).fill(colors.accent);
  doc
    .fillColor(colors.ink)
    .fontSize(13)
    .text(title, left + 10, y, { width: width - 10 });
  doc.x = left;
  doc.moveDown(0.3);
}
