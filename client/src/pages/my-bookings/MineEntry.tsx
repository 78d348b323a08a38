/** The 我的预约 row on 我的. */
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { SESSION_ROUTES } from '../../api/sessions';

export default function BookingsEntry() {
  return (
    <View
      id="mine-bookings"
      className="zw-list-item"
      role="link"
      aria-label="我的预约"
      onClick={() => void Taro.navigateTo({ url: SESSION_ROUTES.myBookings })}
    >
      <View className="zw-list-item__main">
        <Text className="zw-list-item__title">我的预约</Text>
        <Text className="zw-list-item__desc">政务公开讲的入场码、候补排位、会前提问和评价</Text>
      </View>
      <Text className="zw-list-item__arrow">›</Text>
    </View>
  );
}
