import { Text, View } from '@tarojs/components';
import './charts.scss';

interface Props {
  label: string;
  value: string;
  hint?: string;
  tone?: 'red' | 'blue' | 'default';
  onClick?: () => void;
  className?: string;
}

/** One headline figure; tapping it opens the list behind it. */
export default function StatTile({ label, value, hint, tone = 'default', onClick, className }: Props) {
  return (
    <View
      className={`zw-stat zw-stat--${tone} ${onClick ? 'zw-stat--link' : ''} ${className ?? ''}`}
      role={onClick ? 'link' : undefined}
      aria-label={`${label}：${value}${hint ? `，${hint}` : ''}`}
      onClick={onClick}
    >
      <Text className="zw-stat__value">{value}</Text>
      <Text className="zw-stat__label">{label}</Text>
      {hint ? <Text className="zw-stat__hint">{hint}</Text> : null}
    </View>
  );
}

export function StatRow({ children }: { children: React.ReactNode }) {
  return <View className="zw-stats">{children}</View>;
}
