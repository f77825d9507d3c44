// The parts of pdfkit and svg-to-pdfkit that pdf.ts uses (neither package ships types).
declare module 'pdfkit' {
  interface PdfOptions {
    size: [number, number];
    margin: number;
    compress: boolean;
    info: Record<string, string | Date>;
  }
  class PDFDocument {
    constructor(options: PdfOptions);
    registerFont(name: string, file: string): this;
    on(event: 'data', listener: (chunk: Buffer) => void): this;
    on(event: 'end' | 'error', listener: (error?: Error) => void): this;
    end(): void;
  }
  export default PDFDocument;
}

declare module 'svg-to-pdfkit' {
  import type PDFDocument from 'pdfkit';
  interface SvgOptions {
    width: number;
    height: number;
    assumePt: boolean;
    fontCallback: (family: string, bold: boolean, italic: boolean) => string;
    warningCallback: (message: string) => void;
  }
  export default function SVGtoPDF(doc: PDFDocument, svg: string, x: number, y: number, options: SvgOptions): void;
}
