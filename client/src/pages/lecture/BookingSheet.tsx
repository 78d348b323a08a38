/**
 * 确认预约: what is booked, an optional contact phone and why it is asked, then 确认预约 / 取消.
 * Shown over the page by `useBooking()`; one Idempotency-Key per sheet and phone, so a retry
 * after a lost answer returns the first booking.
 */
import { useState, type ReactNode } from 'react';
import { Input, Text, View } from '@tarojs/components';
import type { Booking } from '@zwgk/types';
import { ApiRequestError, NETWORK_ERROR_MESSAGE, newIdempotencyKey } from '../../api';
import { sessionTime } from '../../api/sessions';
import { type BookableSession, ensureLoggedIn, normalizePhone, phoneError, submitBooking } from './booking';
import './BookingSheet.scss';

export const PHONE_NOTE = '用于活动变更时联系您，仅主办单位可见，名单中脱敏显示。';

interface Props {
  session: BookableSession;
  /** booked: the booking made; `changed` when the session's state may differ from what the page shows. */
  onClose: (result: { booked: Booking | null; changed: boolean }) => void;
}

/** The server's message for the phone field when it refused it (422 VALIDATION_FAILED). */
function serverPhoneError(e: ApiRequestError): string {
  if (e.status !== 422) return '';
  const fields = (e.details as { fields?: { path?: string; message?: string }[] } | null)?.fields;
  return (Array.isArray(fields) && fields.find((f) => f.path === 'phone')?.message) || '';
}

export default function BookingSheet({ session: s, onClose }: Props) {
  const waitlist = s.bookingState === 'waitlist';
  // The account has no contact phone to prefill: the person types it, or leaves it empty.
  const [phone, setPhone] = useState('');
  const [fieldError, setFieldError] = useState('');
  const [error, setError] = useState('');
  const [changed, setChanged] = useState(false);
  const [busy, setBusy] = useState(false);
  // A new key when the phone changes: the server refuses one key for two different requests.
  const [key, setKey] = useState(newIdempotencyKey);

  const close = () => {
    if (!busy) onClose({ booked: null, changed });
  };
  const confirm = async () => {
    if (busy) return;
    const p = normalizePhone(phone);
    const bad = phoneError(p);
    setFieldError(bad);
    setError('');
    if (bad) return;
    setBusy(true);
    try {
      const booking = await submitBooking(s, p, key);
      onClose({ booked: booking, changed: true });
    } catch (e) {
      const err = e instanceof ApiRequestError ? e : null;
      const field = err ? serverPhoneError(err) : '';
      if (field) setFieldError(field);
      else setError(err?.message ?? NETWORK_ERROR_MESSAGE);
      // 已满, 已截止, 已预约…: the page should show the new state when the sheet closes.
      if (err?.status === 409) setChanged(true);
      setBusy(false);
    }
  };

  return (
    <View className="booking-sheet" catchMove onClick={(e) => e.stopPropagation()}>
      <View className="booking-sheet__mask" onClick={close} />
      <View
        className="booking-sheet__panel"
        role="dialog"
        aria-modal="true"
        aria-labelledby="booking-sheet-title"
      >
        <Text className="booking-sheet__title" id="booking-sheet-title">
          {waitlist ? '加入候补' : '确认预约'}
        </Text>
        <View className="booking-sheet__info">
          <Text className="booking-sheet__name">{s.title}</Text>
          <Text className="booking-sheet__line booking-sheet__time">{sessionTime(s.startsAt, s.endsAt)}</Text>
          <Text className="booking-sheet__line">
            {s.zone.name}（{s.room}）
          </Text>
        </View>
        <Text className="booking-sheet__notice">
          {waitlist
            ? '本场次名额已满。加入候补后，有人取消时将按候补顺序自动为您递补，并通知您。'
            : '预约成功后请凭预约码或入场二维码准时入场。'}
        </Text>
        <View className="zw-field booking-sheet__field">
          <Text className="zw-field__label">联系电话（选填）</Text>
          <Input
            id="booking-phone"
            className="zw-field__input"
            type="number"
            maxlength={13}
            value={phone}
            placeholder="11位手机号码"
            nativeProps={{ 'aria-label': '联系电话（选填）' }}
            onInput={(e) => {
              setPhone(e.detail.value);
              setFieldError('');
              setKey(newIdempotencyKey());
            }}
          />
          {fieldError ? <Text className="zw-field__error booking-phone-error">{fieldError}</Text> : null}
          <Text className="booking-sheet__why">{PHONE_NOTE}</Text>
        </View>
        {error ? <Text className="zw-form-error booking-sheet__error">{error}</Text> : null}
        <View className="booking-sheet__actions">
          <View id="booking-cancel" className="zw-button zw-button--plain booking-sheet__btn" onClick={close}>
            取消
          </View>
          <View
            id="booking-confirm"
            className={`zw-button booking-sheet__btn ${busy ? 'zw-button--disabled' : ''}`}
            onClick={() => void confirm()}
          >
            {busy ? '提交中…' : waitlist ? '加入候补' : '确认预约'}
          </View>
        </View>
      </View>
    </View>
  );
}

/**
 * The booking flow for a page or a card: `start(s)` asks to log in if needed, then opens the sheet;
 * render `sheet` inside the page (it covers the screen). `onChanged` runs after a booking or a
 * refusal that means the page is out of date.
 */
export function useBooking(onChanged: (booked: Booking | null) => void): {
  start: (s: BookableSession) => Promise<void>;
  sheet: ReactNode;
} {
  const [target, setTarget] = useState<BookableSession | null>(null);
  const start = async (s: BookableSession) => {
    if (await ensureLoggedIn()) setTarget(s);
  };
  const sheet = target ? (
    <BookingSheet
      key={target.id}
      session={target}
      onClose={({ booked, changed }) => {
        setTarget(null);
        if (changed) onChanged(booked);
      }}
    />
  ) : null;
  return { start, sheet };
}
