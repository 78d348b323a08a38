/** The 消息中心 and 我的咨询 rows on 我的, and the unread badge on the 我的 tab, refreshed on show. */
import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { CONSULT_ROUTES } from '../../api/consultations';
import { MESSAGE_ROUTES, refreshUnreadBadge } from '../../api/notifications';
import './messages.scss';

function Row(props: { id: string; url: string; title: string; desc: string; badge?: number }) {
  return (
    <View
      id={props.id}
      className="zw-list-item"
      role="link"
      aria-label={props.badge ? `${props.title}，${props.badge}条未读` : props.title}
      onClick={() => void Taro.navigateTo({ url: props.url })}
    >
      <View className="zw-list-item__main">
        <Text className="zw-list-item__title">{props.title}</Text>
        <Text className="zw-list-item__desc">{props.desc}</Text>
      </View>
      {props.badge ? (
        <Text className="msg-badge mine-unread">{props.badge > 99 ? '99+' : props.badge}</Text>
      ) : null}
      <Text className="zw-list-item__arrow">›</Text>
    </View>
  );
}

export function MessagesEntry() {
  const [unread, setUnread] = useState(0);
  useDidShow(() => {
    void refreshUnreadBadge().then(setUnread);
  });
  return (
    <Row
      id="mine-messages"
      url={MESSAGE_ROUTES.list}
      title="消息中心"
      desc="预约、提醒、申请进度和咨询答复通知"
      badge={unread}
    />
  );
}

export function ConsultationsEntry() {
  return (
    <Row id="mine-consultations" url={CONSULT_ROUTES.mine} title="我的咨询" desc="查看咨询答复，评价和追问" />
  );
}
