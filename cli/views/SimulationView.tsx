/** The simulation's tables as an ink view, for a terminal: aligned columns, changes in colour. */
import { Box, Text } from 'ink';
import { displayWidth, type Table } from '../../src/index.js';
import { readableRows } from '../formats.js';
import { pad } from '../table.js';

function changeColour(cell: string, change: boolean | undefined): string | undefined {
  if (!change) return undefined;
  if (cell.startsWith('+')) return 'green';
  if (cell.startsWith('-')) return 'red';
  return undefined;
}

function TableView({ table }: { table: Table }) {
  const rows = readableRows(table);
  const widths = table.header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text bold color="redBright">
        {table.title}
      </Text>
      <Text dimColor>{table.header.map((h, i) => pad(h, widths[i]!, table.numeric[i] ? 'right' : 'left')).join('  ')}</Text>
      {rows.map((row, r) => (
        <Text key={r} bold={table.totalLast === true && r === rows.length - 1}>
          {row.map((cell, i) => {
            const colour = changeColour(cell, table.change?.[i]);
            const text = pad(cell, widths[i]!, table.numeric[i] ? 'right' : 'left') + (i < row.length - 1 ? '  ' : '');
            return colour ? (
              <Text key={i} color={colour}>
                {text}
              </Text>
            ) : (
              <Text key={i}>{text}</Text>
            );
          })}
        </Text>
      ))}
      {table.note ? <Text dimColor>{table.note}</Text> : null}
    </Box>
  );
}

export function SimulationView({ summary, tables }: { summary: string; tables: readonly Table[] }) {
  return (
    <Box flexDirection="column">
      <Box marginBottom={1}>
        <Text bold>{summary}</Text>
      </Box>
      {tables.map((t) => (
        <TableView key={t.id} table={t} />
      ))}
    </Box>
  );
}
