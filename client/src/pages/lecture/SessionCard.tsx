import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { SessionListItem } from '@zwgk/types';
import { BOOKING_BUTTON, SESSION_ROUTES, sessionTime } from '../../api/sessions';
import { openMyBookings } from './booking';
import { useBooking } from './BookingSheet';

interface Props {
  session: SessionListItem;
  /** Called after a booking was made (or refused because the session changed), to refresh the list. */
  onBooked?: () => void;
}

/** What the button says and whether it acts, from the server's booking state and my booking. */
export function bookingButton(s: SessionListItem): { label: string; active: boolean; mine: boolean } {
  if (s.myBooking) {
    const label = s.myBooking.checkedIn
      ? '已签到'
      : s.myBooking.status === 'waitlisted'
        ? '候补中'
        : '已预约';
    return { label, active: true, mine: true };
  }
  return {
    label: BOOKING_BUTTON[s.bookingState],
    active: s.bookingState === 'open' || s.bookingState === 'waitlist',
    mine: false,
  };
}

export function seatsText(s: SessionListItem): string {
  if (s.status === 'cancelled') return '本场次已取消';
  if (s.seatsLeft > 0) return `余 ${s.seatsLeft} 席 / 共 ${s.capacity} 席`;
  return s.waitlistCount > 0 ? `名额已满 · ${s.waitlistCount} 人候补` : '名额已满';
}

export default function SessionCard({ session: s, onBooked }: Props) {
  const button = bookingButton(s);
  const booking = useBooking(() => onBooked?.());
  const open = () => void Taro.navigateTo({ url: `${SESSION_ROUTES.detail}?id=${s.id}` });
  const act = async () => {
    if (button.mine) return openMyBookings();
    if (!button.active) return;
    await booking.start(s);
  };
  const few = s.seatsLeft > 0 && s.seatsLeft <= Math.max(3, Math.ceil(s.capacity * 0.2));
  return (
    <View className={`session-card session-card--${s.bookingState}`} id={`session-${s.id}`} onClick={open}>
      <View className="session-card__tags">
        <Text className="zw-tag zw-tag--blue">{s.topic}</Text>
        {s.status === 'cancelled' ? <Text className="zw-tag zw-tag--grey">已取消</Text> : null}
      </View>
      <Text className="session-card__title">{s.title}</Text>
      <Text className="session-card__line">{sessionTime(s.startsAt, s.endsAt)}</Text>
      <Text className="session-card__line">
        {s.zone.name} · {s.room}
      </Text>
      <Text className="session-card__line session-card__organ">主办：{s.organName}</Text>
      <View className="session-card__foot">
        <Text
          className={`session-card__seats ${few ? 'session-card__seats--few' : ''} ${s.seatsLeft === 0 ? 'session-card__seats--full' : ''}`}
        >
          {seatsText(s)}
        </Text>
        <View
          className={`session-card__btn session-book ${button.mine ? 'session-card__btn--mine' : ''} ${button.active ? '' : 'session-card__btn--off'}`}
          onClick={(e) => {
            e.stopPropagation();
            void act();
          }}
        >
          {button.label}
        </View>
      </View>
      {booking.sheet}
    </View>
  );
}
