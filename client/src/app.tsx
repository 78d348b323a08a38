import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { refreshCurrentUser } from './services/auth';
import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // Roles and organs can change while the app is closed; the stored copy is only a first paint.
    void refreshCurrentUser();
  });
  return children;
}

export default App;
