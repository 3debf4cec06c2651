import { Grid } from 'antd';

/** Below antd's `md` breakpoint (768 px): phones get a drawer menu, card lists and full-screen dialogs. */
export function useIsPhone(): boolean {
  // Before the first measurement md is undefined; treat that as a wide screen so desktops never flash cards.
  return Grid.useBreakpoint().md === false;
}
