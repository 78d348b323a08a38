// Plain stand-ins for the NutUI components the app uses (same props, DOM output).
import type { ReactNode } from 'react';

interface ButtonProps {
  id?: string;
  className?: string;
  children?: ReactNode;
  loading?: boolean;
  disabled?: boolean;
  type?: string;
  block?: boolean;
  fill?: string;
  onClick?: (e: unknown) => void;
}

export function Button({ id, className, children, loading, disabled, onClick }: ButtonProps) {
  return (
    <button
      id={id}
      className={`nut-button ${className ?? ''}`}
      disabled={disabled || loading}
      onClick={(e) => onClick?.(e)}
    >
      {children}
    </button>
  );
}

interface SwitchProps {
  id?: string;
  checked?: boolean;
  onChange?: (value: boolean) => void;
}

export function Switch({ id, checked, onChange }: SwitchProps) {
  return (
    <div
      id={id}
      role="switch"
      aria-checked={checked ? 'true' : 'false'}
      className={`nut-switch ${checked ? '' : 'nut-switch-close'}`}
      onClick={() => onChange?.(!checked)}
    />
  );
}
