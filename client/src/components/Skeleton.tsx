import { View } from '@tarojs/components';
import './Skeleton.scss';

interface Props {
  /** Number of placeholder rows. */
  rows?: number;
  /** What is loading, for screen readers. */
  label?: string;
  className?: string;
}

/** Grey placeholder rows while a section loads, so the page does not jump when data arrives. */
export default function Skeleton({ rows = 3, label = '正在加载', className }: Props) {
  return (
    <View className={`zw-skeleton ${className ?? ''}`} role="status" aria-busy="true" aria-label={label}>
      {Array.from({ length: rows }, (_, i) => (
        <View key={i} className="zw-skeleton__row">
          <View className="zw-skeleton__line zw-skeleton__line--title" />
          <View className="zw-skeleton__line zw-skeleton__line--short" />
        </View>
      ))}
    </View>
  );
}
