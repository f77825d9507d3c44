/**
 * A chart as a PDF that a LaTeX paper can \includegraphics: the chart's SVG drawn as vectors by
 * svg-to-pdfkit into a pdfkit page of the SVG's size (CSS px → pt), its text set in the same
 * DejaVu Sans files the PNGs use (embedded as subsets, so the PDF needs no installed font). The
 * creation date is fixed (the Unix epoch, as reproducible builds do without SOURCE_DATE_EPOCH), so
 * the same SVG gives the same bytes.
 */
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';

/** Points per CSS pixel. */
const PT_PER_PX = 0.75;
const REGULAR = 'DejaVu Sans';
const BOLD = 'DejaVu Sans Bold';

export async function svgToPdf(svg: string, fontFiles: readonly string[]): Promise<Uint8Array> {
  const size = svg.match(/<svg\b[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"/);
  if (!size) throw new Error('chart SVG without a width and height');
  const width = Number(size[1]) * PT_PER_PX;
  const height = Number(size[2]) * PT_PER_PX;
  const epoch = new Date(0);
  const doc = new PDFDocument({ size: [width, height], margin: 0, compress: true, info: { Producer: 'reftbench', Creator: 'reftbench', CreationDate: epoch, ModDate: epoch } });
  doc.registerFont(REGULAR, fontFiles[0]!);
  doc.registerFont(BOLD, fontFiles[1] ?? fontFiles[0]!);
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    doc.on('data', (chunk) => chunks.push(chunk));
    doc.on('end', () => resolve());
    doc.on('error', (error) => reject(error));
  });
  const warnings: string[] = [];
  SVGtoPDF(doc, svg, 0, 0, { width, height, assumePt: false, fontCallback: (_family, bold) => (bold ? BOLD : REGULAR), warningCallback: (m) => warnings.push(m) });
  doc.end();
  await done;
  const bytes = Buffer.concat(chunks);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
