/** The 我的申请 row on 我的. */
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { DISCLOSURE_ROUTES } from '../../api/disclosure';

export default function DisclosureEntry() {
  return (
    <View
      id="mine-disclosure"
      className="zw-list-item"
      role="link"
      aria-label="我的政府信息公开申请"
      onClick={() => void Taro.navigateTo({ url: DISCLOSURE_ROUTES.mine })}
    >
      <View className="zw-list-item__main">
        <Text className="zw-list-item__title">我的申请</Text>
        <Text className="zw-list-item__desc">政府信息公开申请的办理进度、补正、答复书下载</Text>
      </View>
      <Text className="zw-list-item__arrow">›</Text>
    </View>
  );
}
