import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useState, type ReactNode } from 'react';
import '../lib/dates';
import { bindMessageApi } from '../lib/notify';
import { createQueryClient } from '../lib/query-client';

// Government red as the brand colour; selected rows stay a soft tint so marked text remains readable.
const THEME: ThemeConfig = {
  token: { colorPrimary: '#c41d1d' },
  components: { Table: { rowSelectedBg: '#fff7e6', rowSelectedHoverBg: '#ffe7ba' } },
};

/** Hands antd's context-aware message instance to the one error notifier. */
function MessageBridge() {
  const { message } = AntApp.useApp();
  useEffect(() => bindMessageApi(message), [message]);
  return null;
}

export function AppProviders({ children, queryClient }: { children: ReactNode; queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <ConfigProvider locale={zhCN} theme={THEME}>
      <AntApp>
        <MessageBridge />
        <QueryClientProvider client={client}>{children}</QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
