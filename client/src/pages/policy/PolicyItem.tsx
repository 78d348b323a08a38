/** One policy in a list: highlighted title (server-escaped <em>), badges, snippet when searching. */
import Taro from '@tarojs/taro';
import { RichText, Text, View } from '@tarojs/components';
import type { PolicyListItem } from '@zwgk/types';
import { POLICY_ROUTES, beijingDate } from '../../api/policies';
import ValidityBadge from './ValidityBadge';

export default function PolicyItem({ item, searching }: { item: PolicyListItem; searching: boolean }) {
  return (
    <View
      className="policy-item"
      role="link"
      onClick={() => void Taro.navigateTo({ url: `${POLICY_ROUTES.detail}?id=${item.id}` })}
    >
      <View className="policy-item__head">
        <RichText className="policy-item__title" nodes={item.titleHtml} />
      </View>
      <View className="policy-item__meta">
        <ValidityBadge validity={item.validity} />
        <Text className="policy-item__kind">{item.kind}</Text>
        {item.interpretationCount ? <Text className="policy-item__interp">附解读</Text> : null}
        <Text className="policy-item__organ">{item.organName}</Text>
      </View>
      {searching && item.snippet ? <RichText className="policy-item__snippet" nodes={item.snippet} /> : null}
      <View className="policy-item__foot">
        <Text>{item.docNo ?? '无发文字号'}</Text>
        <Text>发布 {beijingDate(item.publishedAt)}</Text>
      </View>
    </View>
  );
}
