/**
 * Signing in with a one-time code sent by e-mail, through Clerk's sign-in and sign-up resources (no
 * redirects and no remote scripts: both would leave, or break under, the app's origin and CSP). A new
 * address gets an account on the way. Clerk sends the e-mail; the app only asks for the code.
 */
import { useState, type FormEvent } from 'react';
import type { Clerk } from '@clerk/clerk-js';
import { TEST_SIGN_IN_BUILD } from '../../../src-shared/api/account';
import { Icon } from '../components/Icon';
import { useAccount } from './session';
import { TestSignIn } from './TestSignIn';

/** Clerk's API errors carry `errors: [{ code, longMessage, message }]`. */
function clerkError(error: unknown): { code: string; message: string } {
  const first = (error as { errors?: { code?: string; longMessage?: string; message?: string }[] })
    ?.errors?.[0];
  return {
    code: first?.code ?? 'unknown',
    message: first?.longMessage ?? first?.message ?? (error instanceof Error ? error.message : String(error)),
  };
}

type Step =
  { step: 'email' } | { step: 'code'; email: string; verify: (code: string) => Promise<string | null> };

async function startEmailCode(clerk: Clerk, email: string): Promise<Step> {
  const client = clerk.client;
  if (!client) throw new Error('Clerk has not loaded its client.');
  try {
    const signIn = await client.signIn.create({ identifier: email });
    const factor = signIn.supportedFirstFactors?.find((f) => f.strategy === 'email_code');
    if (!factor || !('emailAddressId' in factor)) {
      throw new Error('This account cannot sign in with an e-mail code; ask the server’s operator.');
    }
    await signIn.prepareFirstFactor({ strategy: 'email_code', emailAddressId: factor.emailAddressId });
    return {
      step: 'code',
      email,
      verify: async (code) => {
        const done = await signIn.attemptFirstFactor({ strategy: 'email_code', code });
        return done.status === 'complete' ? done.createdSessionId : null;
      },
    };
  } catch (error) {
    if (clerkError(error).code !== 'form_identifier_not_found') throw error;
  }
  // A new address: sign up with it.
  const signUp = await client.signUp.create({ emailAddress: email });
  await signUp.prepareEmailAddressVerification({ strategy: 'email_code' });
  return {
    step: 'code',
    email,
    verify: async (code) => {
      const done = await signUp.attemptEmailAddressVerification({ code });
      if (done.status === 'complete') return done.createdSessionId;
      if (done.missingFields.length > 0) {
        throw new Error(`This server also needs ${done.missingFields.join(', ')} to sign up.`);
      }
      return null;
    },
  };
}

function EmailCodeForm({ clerk }: { clerk: Clerk }) {
  const [step, setStep] = useState<Step>({ step: 'email' });
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (step.step === 'email') {
        setStep(await startEmailCode(clerk, value.trim()));
        setValue('');
      } else {
        const session = await step.verify(value.trim());
        if (!session) throw new Error('That code did not complete the sign-in; ask for a new one.');
        await clerk.setActive({ session });
      }
    } catch (e) {
      setError(clerkError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="acc-signin-form" onSubmit={submit}>
      <label className="field">
        {step.step === 'email' ? 'E-mail address' : `The code sent to ${step.email}`}
        <input
          key={step.step}
          className="input"
          required
          value={value}
          onChange={(e) => setValue(e.target.value)}
          {...(step.step === 'email'
            ? { type: 'email', autoComplete: 'email' }
            : { inputMode: 'numeric' as const, autoComplete: 'one-time-code' })}
        />
      </label>
      <div className="acc-row">
        <button className="btn primary" type="submit" disabled={busy}>
          {busy ? 'One moment…' : step.step === 'email' ? 'Send me a code' : 'Sign in'}
        </button>
        {step.step === 'code' ? (
          <button className="btn ghost" type="button" onClick={() => setStep({ step: 'email' })}>
            Use another address
          </button>
        ) : null}
      </div>
      {error ? (
        <p className="notice error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

export function SignInCard() {
  const { clerk, status } = useAccount();
  return (
    <section className="card acc-signin" aria-labelledby="acc-signin-title">
      <div className="acc-signin-intro">
        <span className="icon-circle">
          <Icon name="user" size={22} />
        </span>
        <div>
          <h2 id="acc-signin-title">Sign in to use coins</h2>
          <p className="muted">
            Coins pay for AI insights without a Gemini key of your own. Statistics, search and insights with
            your own key work without an account.
          </p>
        </div>
      </div>
      {clerk.state === 'ready' ? <EmailCodeForm clerk={clerk.clerk} /> : null}
      {clerk.state === 'loading' ? <p className="muted">Connecting to the sign-in service…</p> : null}
      {clerk.state === 'unavailable' ? <p className="notice">{clerk.message}</p> : null}
      {clerk.state === 'off' && !TEST_SIGN_IN_BUILD ? (
        <p className="notice">
          {status?.serverUrl
            ? 'This credits server has no sign-in configured (a Clerk publishable key). '
            : 'No credits server is set up. '}
          <a href="#/settings">Open the settings</a>
        </p>
      ) : null}
      {TEST_SIGN_IN_BUILD ? <TestSignIn /> : null}
    </section>
  );
}
