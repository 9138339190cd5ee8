/** A progress bar for long runs, drawn on stderr when it is a terminal. */
import { Text } from 'ink';

export function Progress({ done, total, text }: { done: number; total?: number; text: string }) {
  // When the number of households is known the bar fills; otherwise (the file is streamed) it
  // cycles through a fixed width while the count grows.
  const width = 30;
  const filled = total ? Math.min(width, Math.floor((done / total) * width)) : Math.floor(done / 1000) % (width + 1);
  return (
    <Text>
      <Text color="redBright">{'█'.repeat(filled)}</Text>
      <Text dimColor>{'░'.repeat(width - filled)}</Text> {text}
    </Text>
  );
}
