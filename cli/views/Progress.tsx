/** A progress bar for long runs, drawn on stderr when it is a terminal. */
import { Text } from 'ink';

export function Progress({ done, label }: { done: number; label: string }) {
  // The number of records is not known in advance (the file is streamed), so the bar cycles
  // through a fixed width while the count grows.
  const width = 30;
  const filled = Math.floor(done / 1000) % (width + 1);
  return (
    <Text>
      <Text color="redBright">{'█'.repeat(filled)}</Text>
      <Text dimColor>{'░'.repeat(width - filled)}</Text> {label}: {done.toLocaleString('en')} households
    </Text>
  );
}
