/**
 * A workbook as Excel itself lays out its zip (the workbook first, the sheet before its styles and
 * shared strings; exceljs writes the workbook last) reads the same, every time: the streaming
 * reader meets the entries in the zip's order.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { it, expect } from 'vitest';
import { readPopulation } from '../src/sim/readers.js';
import { tempDir } from './cliRun.js';
import { shippedPolicy } from './helpers.js';
it("reads a workbook in Excel's own order of entries, the same on every read", async () => {
  const path = join(tempDir(), 'o.xlsx');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('S');
  sheet.addRow(['id', 'hukou.county', 'hukou.type', 'wife.birth_date', 'children.0.birth_date']);
  sheet.addRow(['H1', '450205', 'urban', new Date(Date.UTC(1963, 4, 20)), new Date(Date.UTC(1988, 8, 1))]);
  await book.xlsx.writeFile(path);
  const zip = await JSZip.loadAsync(readFileSync(path));
  const order = ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/worksheets/sheet1.xml', 'xl/theme/theme1.xml', 'xl/styles.xml', 'xl/sharedStrings.xml', 'docProps/core.xml', 'docProps/app.xml'];
  const rebuilt = new JSZip();
  for (const n of order) rebuilt.file(n, await zip.files[n]!.async('nodebuffer'));
  writeFileSync(path, await rebuilt.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  for (let i = 0; i < 10; i++) {
    const out: unknown[] = [];
    for await (const r of readPopulation(path, shippedPolicy())) out.push((r as { error?: string; data?: { wife?: { birth_date?: string } } }).error ?? (r as { data: { wife: { birth_date: string } } }).data.wife.birth_date);
    expect(out).toEqual(['1963-05-20']);
  }
});
