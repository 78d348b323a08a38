// @tarojs/components as plain DOM elements, with Taro's event shapes (e.detail.value).
import type { ReactNode } from 'react';

interface BaseProps {
  id?: string;
  className?: string;
  children?: ReactNode;
  onClick?: (e: unknown) => void;
}

export function View({ id, className, children, onClick }: BaseProps) {
  return (
    <div id={id} className={className} onClick={onClick}>
      {children}
    </div>
  );
}

export function Text({ id, className, children, onClick }: BaseProps) {
  return (
    <span id={id} className={className} onClick={onClick}>
      {children}
    </span>
  );
}

interface InputProps {
  id?: string;
  className?: string;
  value?: string;
  placeholder?: string;
  password?: boolean;
  maxlength?: number;
  onInput?: (e: { detail: { value: string } }) => void;
  onConfirm?: (e: { detail: { value: string } }) => void;
}

export function Input({
  id,
  className,
  value,
  placeholder,
  password,
  maxlength,
  onInput,
  onConfirm,
}: InputProps) {
  return (
    <input
      id={id}
      className={className}
      value={value ?? ''}
      placeholder={placeholder}
      type={password ? 'password' : 'text'}
      maxLength={maxlength}
      onChange={(e) => onInput?.({ detail: { value: e.target.value } })}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onConfirm?.({ detail: { value: (e.target as HTMLInputElement).value } });
      }}
    />
  );
}
