/** The simulation's tables as an ink view, for a terminal: aligned columns, changes in colour. */
import { Box, Text } from 'ink';
import { displayWidth, type Table } from '../../src/index.js';
import { pad } from '../table.js';


function changeColour(cell: string, header: string): string | undefined {
  if (header !== 'change') return undefined;
  if (cell.startsWith('+')) return 'green';
  if (cell.startsWith('-')) return 'red';
  return undefined;
}

function TableView({ table }: { table: Table }) {
  const widths = table.header.map((h, i) => Math.max(displayWidth(h), ...table.rows.map((r) => displayWidth(r[i] ?? ''))));
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text bold color="redBright">
        {table.title}
      </Text>
      <Text dimColor>{table.header.map((h, i) => pad(h, widths[i]!, table.numeric[i] ? 'right' : 'left')).join('  ')}</Text>
      {table.rows.map((row, r) => (
        <Text key={r} bold={row[0] === 'total'}>
          {row.map((cell, i) => {
            const colour = changeColour(cell, table.header[i]!);
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
