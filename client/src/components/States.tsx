import { Text, View } from '@tarojs/components';

interface EmptyProps {
  title: string;
  description?: string;
  className?: string;
}

/** An honest "nothing here yet" block. */
export function EmptyState({ title, description, className }: EmptyProps) {
  return (
    <View className={`zw-empty ${className ?? ''}`}>
      <View className="zw-empty__icon">○</View>
      <Text className="zw-empty__title">{title}</Text>
      {description ? <Text className="zw-empty__desc">{description}</Text> : null}
    </View>
  );
}

export function LoadingState({ text = '正在加载…' }: { text?: string }) {
  return <View className="zw-loading">{text}</View>;
}

interface ErrorProps {
  message: string;
  onRetry?: () => void;
}

export function ErrorState({ message, onRetry }: ErrorProps) {
  return (
    <View className="zw-error">
      <Text className="zw-error__text">{message}</Text>
      {onRetry ? (
        <View className="zw-error__retry" onClick={onRetry}>
          重新加载
        </View>
      ) : null}
    </View>
  );
}
