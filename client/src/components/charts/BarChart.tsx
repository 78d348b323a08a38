/**
 * A horizontal bar chart drawn with plain Views (works the same on weapp and H5, no canvas).
 * Each bar can link to the list behind it.
 */
import { Text, View } from '@tarojs/components';
import './charts.scss';

export interface Bar {
  key: string;
  label: string;
  value: number;
  /** Shown at the end of the bar (default: the value). */
  display?: string;
  tone?: 'red' | 'blue' | 'gold' | 'green' | 'grey';
  onClick?: () => void;
}

interface Props {
  bars: Bar[];
  /** Full scale; default the largest value. */
  max?: number;
  /** What the chart shows, for screen readers. */
  title: string;
  className?: string;
  emptyText?: string;
}

export default function BarChart({ bars, max, title, className, emptyText = '暂无数据' }: Props) {
  const top = max ?? Math.max(0, ...bars.map((b) => b.value));
  if (!bars.length) return <Text className="zw-note">{emptyText}</Text>;
  return (
    <View className={`zw-bars ${className ?? ''}`} role="list" aria-label={title}>
      {bars.map((b) => {
        const pct = top > 0 ? Math.max(b.value > 0 ? 2 : 0, Math.round((b.value / top) * 100)) : 0;
        const shown = b.display ?? String(b.value);
        return (
          <View
            key={b.key}
            className={`zw-bar ${b.onClick ? 'zw-bar--link' : ''}`}
            role={b.onClick ? 'link' : 'listitem'}
            aria-label={`${b.label}：${shown}`}
            onClick={b.onClick}
          >
            <Text className="zw-bar__label">{b.label}</Text>
            <View className="zw-bar__track">
              <View
                className={`zw-bar__fill zw-bar__fill--${b.tone ?? 'blue'}`}
                style={{ width: `${pct}%` }}
              />
            </View>
            <Text className="zw-bar__value">{shown}</Text>
          </View>
        );
      })}
    </View>
  );
}
