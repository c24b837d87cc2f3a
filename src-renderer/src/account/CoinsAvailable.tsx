/** "You have N coins": beside a price, when signed in (nothing at all when signed out — no nagging). */
import { fmtInt } from '../lib/format';
import { useAccount } from './session';
import './account.css';

export function CoinsAvailable({ price }: { price: number }) {
  const { balance } = useAccount();
  if (!balance) return null;
  const short = balance.available < price;
  return (
    <div className={short ? 'acc-available short' : 'acc-available'} data-testid="coins-available">
      {balance.offline ? 'last known: ' : 'you have '}
      {fmtInt(balance.available)}
      {short ? (
        <>
          {' · '}
          <a href="#/account">buy coins</a>
        </>
      ) : null}
    </div>
  );
}
