/**
 * TEST-ONLY: a build made with RELIVCHATS_BUILD_TEST_SIGN_IN=1 shows this instead of needing Clerk's
 * servers (see src-main/account/test-sign-in.ts). A normal build leaves this file out entirely.
 */
import { useState } from 'react';
import { call, toApiError } from '../lib/api';

export function TestSignIn() {
  const [userId, setUserId] = useState('user_e2e');
  const [error, setError] = useState<string | null>(null);
  const signIn = async () => {
    setError(null);
    try {
      await call('account-test-sign-in', { userId });
    } catch (e) {
      setError(toApiError(e).message);
    }
  };
  return (
    <div className="acc-row" data-testid="test-sign-in">
      <input
        className="input"
        aria-label="Test user id"
        value={userId}
        onChange={(e) => setUserId(e.target.value)}
      />
      <button className="btn primary" onClick={() => void signIn()}>
        Sign in with the test key
      </button>
      {error ? <span className="notice error">{error}</span> : null}
    </div>
  );
}
