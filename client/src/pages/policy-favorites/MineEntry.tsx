/** The 我的收藏 row on 我的. */
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { POLICY_ROUTES } from '../../api/policies';

export default function FavoritesEntry() {
  return (
    <View
      id="mine-favorites"
      className="zw-list-item"
      role="link"
      aria-label="我的收藏"
      onClick={() => void Taro.navigateTo({ url: POLICY_ROUTES.favorites })}
    >
      <View className="zw-list-item__main">
        <Text className="zw-list-item__title">我的收藏</Text>
        <Text className="zw-list-item__desc">收藏的政策文件和解读，随时查看</Text>
      </View>
      <Text className="zw-list-item__arrow">›</Text>
    </View>
  );
}
