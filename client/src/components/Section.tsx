import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';

interface Props {
  title: string;
  extra?: ReactNode;
  className?: string;
  children?: ReactNode;
}

export default function Section({ title, extra, className, children }: Props) {
  return (
    <View className={`zw-card ${className ?? ''}`}>
      <View className="zw-section-title">
        <Text className="zw-section-title__text">{title}</Text>
        {extra ? <View className="zw-section-title__extra">{extra}</View> : null}
      </View>
      {children}
    </View>
  );
}
