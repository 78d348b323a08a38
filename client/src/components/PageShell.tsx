import { useEffect, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { useLargeFont } from '../store/preferences';

interface Props {
  className?: string;
  children?: ReactNode;
}

/** The root of every page: carries the theme and the 适老化 large-font class. */
export default function PageShell({ className, children }: Props) {
  const large = useLargeFont();
  useEffect(() => {
    // On H5, NutUI popups render outside the page; mark the document too.
    if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') {
      document.documentElement.classList.toggle('zw-large-root', large);
    }
  }, [large]);
  const classes = ['zw-page', large ? 'zw-large' : '', className ?? ''].filter(Boolean).join(' ');
  return <View className={classes}>{children}</View>;
}
