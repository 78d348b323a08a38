import { Text } from '@tarojs/components';
import './ValidityBadge.scss';

/** 有效 / 已修改 / 失效 / 废止, coloured by how far the document still applies. */
export default function ValidityBadge({ validity }: { validity: string }) {
  const tone = validity === '有效' ? 'valid' : validity === '已修改' ? 'amended' : 'invalid';
  return <Text className={`policy-validity policy-validity--${tone}`}>{validity}</Text>;
}
