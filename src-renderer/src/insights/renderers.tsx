/** One component per renderer id of the catalog (src-shared/insights/schemas.ts RESULT_SCHEMAS). */
import type { ReactNode } from 'react';
import {
  HORSEMEN_LABELS,
  LOVE_LANGUAGE_LABELS,
  LOVE_LANGUAGES,
  type CommunicationResult,
  type ConflictResult,
  type Finding,
  type FindingsResult,
  type HealthResult,
  type HumourResult,
  type LoveLanguagesResult,
  type MemoriesResult,
  type RendererId,
  type RolesResult,
  type SupportResult,
} from '../../../src-shared/insights/schemas';
import type { Stored } from '../../../src-shared/insights/types';
import { personVar } from '../lib/theme';
import { axisStyle, Chart } from './charts';
import { Quotes } from './Evidence';

interface Props<T> {
  result: Stored<T>;
  chatId: number;
  /** Participants in the chat's order, for consistent person colours. */
  people: string[];
}

const colourOf = (people: string[], name: string) => {
  const i = people.indexOf(name);
  return personVar(i < 0 ? people.length : i);
};

function Person({ people, name }: { people: string[]; name: string }) {
  return (
    <span className="ins-person" style={{ ['--c' as string]: colourOf(people, name) }}>
      {name}
    </span>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="ins-section">
      <h4>{title}</h4>
      {children}
    </section>
  );
}

function Findings({
  items,
  chatId,
  tone,
}: {
  items: Stored<Finding>[];
  chatId: number;
  tone?: 'good' | 'bad';
}) {
  return (
    <ul className={`ins-findings${tone ? ` ${tone}` : ''}`}>
      {items.map((f) => (
        <li key={f.title}>
          <strong>{f.title}</strong> {f.description}
          <Quotes chatId={chatId} evidence={f.evidence} />
        </li>
      ))}
    </ul>
  );
}

function Meter({ value, max, label }: { value: number; max: number; label: string }) {
  return (
    <div
      className="ins-meter"
      role="meter"
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
      aria-label={label}
    >
      <div style={{ width: `${Math.max(0, Math.min(100, (value / max) * 100))}%` }} />
    </div>
  );
}

function Communication({ result: r, chatId, people }: Props<CommunicationResult>) {
  return (
    <>
      <Chart
        height={Math.max(90, 34 * r.people.length + 30)}
        label={`Share of the conversational effort: ${r.people.map((p) => `${p.person} ${Math.round(p.effort)}%`).join(', ')}`}
        deps={[r]}
        option={(p) => ({
          grid: { left: 8, right: 24, top: 6, bottom: 6, containLabel: true },
          xAxis: {
            type: 'value',
            max: 100,
            ...axisStyle(p),
            axisLabel: { formatter: '{value}%', color: p.muted },
          },
          yAxis: { type: 'category', data: r.people.map((x) => x.person), ...axisStyle(p) },
          series: [
            {
              type: 'bar',
              barWidth: 16,
              data: r.people.map((x) => ({
                value: Math.round(x.effort),
                itemStyle: { color: p.people[Math.max(0, people.indexOf(x.person)) % 8], borderRadius: 4 },
              })),
            },
          ],
          tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${String(v)}% of the effort` },
        })}
      />
      <div className="ins-score-line">
        <span>Balance</span>
        <Meter value={r.balance.score} max={100} label="How balanced the conversation is" />
        <strong>{Math.round(r.balance.score)}/100</strong>
      </div>
      <p className="ins-muted">{r.balance.explanation}</p>
      <div className="ins-people">
        {r.people.map((x) => (
          <div key={x.person} className="ins-person-card">
            <Person people={people} name={x.person} />
            <div className="ins-chips">
              {x.traits.map((t) => (
                <span key={t} className="ins-chip">
                  {t}
                </span>
              ))}
            </div>
            <p>{x.style}</p>
            <Quotes chatId={chatId} evidence={x.evidence} />
          </div>
        ))}
      </div>
      <Section title="Patterns">
        <Findings items={r.patterns} chatId={chatId} />
      </Section>
    </>
  );
}

function LoveLanguages({ result: r, chatId, people }: Props<LoveLanguagesResult>) {
  return (
    <>
      <Chart
        height={260}
        label={`Ways of showing care: ${r.people.map((x) => `${x.person} mostly ${LOVE_LANGUAGE_LABELS[x.primary]}`).join('; ')}`}
        deps={[r]}
        option={(p) => ({
          legend: { bottom: 0, textStyle: { color: p.text2 } },
          radar: {
            indicator: LOVE_LANGUAGES.map((k) => ({ name: LOVE_LANGUAGE_LABELS[k], max: 10 })),
            radius: '62%',
            center: ['50%', '46%'],
            axisName: { color: p.muted, fontSize: 11.5 },
            splitLine: { lineStyle: { color: p.border } },
            splitArea: { show: false },
            axisLine: { lineStyle: { color: p.border } },
          },
          series: [
            {
              type: 'radar',
              data: r.people.map((x) => ({
                name: x.person,
                value: LOVE_LANGUAGES.map((k) => x.scores[k]),
                lineStyle: { color: p.people[Math.max(0, people.indexOf(x.person)) % 8] },
                itemStyle: { color: p.people[Math.max(0, people.indexOf(x.person)) % 8] },
                areaStyle: { opacity: 0.12 },
              })),
            },
          ],
          tooltip: {},
        })}
      />
      <div className="ins-people">
        {r.people.map((x) => (
          <div key={x.person} className="ins-person-card">
            <Person people={people} name={x.person} />
            <p>
              Mostly shows care through <strong>{LOVE_LANGUAGE_LABELS[x.primary].toLowerCase()}</strong>.
            </p>
            <Quotes chatId={chatId} evidence={x.evidence} />
          </div>
        ))}
      </div>
      <Section title="How it fits">
        <p>{r.fit}</p>
      </Section>
    </>
  );
}

function Conflict({ result: r, chatId }: Props<ConflictResult>) {
  return (
    <>
      <Chart
        height={170}
        label={`Gottman's four horsemen: ${r.horsemen.map((h) => `${HORSEMEN_LABELS[h.kind]} ${h.level}/10`).join(', ')}`}
        deps={[r]}
        option={(p) => ({
          grid: { left: 8, right: 24, top: 6, bottom: 6, containLabel: true },
          xAxis: { type: 'value', max: 10, ...axisStyle(p) },
          yAxis: { type: 'category', data: r.horsemen.map((h) => HORSEMEN_LABELS[h.kind]), ...axisStyle(p) },
          series: [
            {
              type: 'bar',
              barWidth: 14,
              data: r.horsemen.map((h) => ({
                value: h.level,
                itemStyle: {
                  color: h.level >= 6 ? p.people[7] : h.level >= 3 ? p.people[3] : p.accent,
                  borderRadius: 4,
                },
              })),
            },
          ],
          tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${String(v)} / 10` },
        })}
      />
      <ul className="ins-findings">
        {r.horsemen.map((h) => (
          <li key={h.kind}>
            <strong>
              {HORSEMEN_LABELS[h.kind]} · {h.level}/10
            </strong>{' '}
            {h.description}
            <Quotes chatId={chatId} evidence={h.evidence} />
          </li>
        ))}
      </ul>
      {r.triggers.length > 0 ? (
        <Section title="What sets it off">
          <Findings items={r.triggers} chatId={chatId} />
        </Section>
      ) : null}
      <Section title="Repair">
        <div className="ins-score-line">
          <Meter value={r.repair.score} max={10} label="How well they repair" />
          <strong>{r.repair.score}/10</strong>
        </div>
        <p>{r.repair.description}</p>
        <Quotes chatId={chatId} evidence={r.repair.evidence} />
      </Section>
    </>
  );
}

function Support({ result: r, chatId, people }: Props<SupportResult>) {
  return (
    <>
      <Chart
        height={Math.max(110, 46 * r.people.length + 40)}
        label={`Support given and received: ${r.people.map((x) => `${x.person} gives ${x.gives}, receives ${x.receives}`).join('; ')}`}
        deps={[r]}
        option={(p) => ({
          legend: { top: 0, right: 0, textStyle: { color: p.text2 } },
          grid: { left: 8, right: 24, top: 28, bottom: 6, containLabel: true },
          xAxis: { type: 'value', max: 10, ...axisStyle(p) },
          yAxis: { type: 'category', data: r.people.map((x) => x.person), ...axisStyle(p) },
          series: [
            {
              name: 'Gives',
              type: 'bar',
              data: r.people.map((x) => x.gives),
              itemStyle: { color: p.accent, borderRadius: 4 },
            },
            {
              name: 'Receives',
              type: 'bar',
              data: r.people.map((x) => x.receives),
              itemStyle: { color: p.people[1], borderRadius: 4 },
            },
          ],
          tooltip: { trigger: 'axis' },
        })}
      />
      <div className="ins-people">
        {r.people.map((x) => (
          <div key={x.person} className="ins-person-card">
            <Person people={people} name={x.person} />
            <p>{x.style}</p>
          </div>
        ))}
      </div>
      <Section title="Moments">
        <ul className="ins-findings">
          {r.moments.map((m) => (
            <li key={m.title}>
              <strong>{m.title}</strong> <Person people={people} name={m.supporter} /> {m.description}
              <Quotes chatId={chatId} evidence={m.evidence} />
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}

function Humour({ result: r, chatId, people }: Props<HumourResult>) {
  return (
    <>
      <div className="ins-people">
        {r.styles.map((x) => (
          <div key={x.person} className="ins-person-card">
            <Person people={people} name={x.person} />
            <p>{x.style}</p>
            <Quotes chatId={chatId} evidence={x.evidence} />
          </div>
        ))}
      </div>
      {r.insideJokes.length > 0 ? (
        <Section title="Inside jokes">
          <ul className="ins-findings">
            {r.insideJokes.map((j) => (
              <li key={j.joke}>
                <strong>“{j.joke}”</strong> {j.meaning}
                <Quotes chatId={chatId} evidence={j.evidence} />
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
    </>
  );
}

function Memories({ result: r, chatId }: Props<MemoriesResult>) {
  return (
    <ol className="ins-timeline">
      {r.memories.map((m) => (
        <li key={`${m.when}-${m.title}`}>
          <div className="ins-when">{m.when}</div>
          <div>
            <strong>{m.title}</strong>
            <p>{m.description}</p>
            <Quotes chatId={chatId} evidence={m.evidence} />
          </div>
        </li>
      ))}
    </ol>
  );
}

function Health({ result: r, chatId }: Props<HealthResult>) {
  return (
    <>
      <div className="ins-health">
        <Chart
          height={170}
          label={`Health score ${r.score} out of 100`}
          deps={[r]}
          option={(p) => ({
            series: [
              {
                type: 'gauge',
                startAngle: 210,
                endAngle: -30,
                min: 0,
                max: 100,
                radius: '95%',
                progress: { show: true, width: 12, itemStyle: { color: p.accent } },
                axisLine: { lineStyle: { width: 12, color: [[1, p.bgSunken]] } },
                axisTick: { show: false },
                splitLine: { show: false },
                axisLabel: { show: false },
                pointer: { show: false },
                detail: {
                  valueAnimation: true,
                  fontSize: 30,
                  color: p.text,
                  offsetCenter: [0, '10%'],
                  formatter: '{value}',
                },
                data: [{ value: r.score }],
              },
            ],
          })}
        />
        <ul className="ins-dimensions">
          {r.dimensions.map((d) => (
            <li key={d.name}>
              <span>{d.name}</span>
              <Meter value={d.score} max={10} label={d.name} />
              <strong>{d.score}</strong>
            </li>
          ))}
        </ul>
      </div>
      {r.greenFlags.length > 0 ? (
        <Section title="Green flags">
          <Findings items={r.greenFlags} chatId={chatId} tone="good" />
        </Section>
      ) : null}
      {r.redFlags.length > 0 ? (
        <Section title="Red flags">
          <Findings items={r.redFlags} chatId={chatId} tone="bad" />
        </Section>
      ) : null}
      <Section title="Advice">
        <ul className="ins-advice">
          {r.advice.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      </Section>
    </>
  );
}

function Roles({ result: r, chatId, people }: Props<RolesResult>) {
  return (
    <div className="ins-people">
      {r.roles.map((x) => (
        <div key={`${x.person}-${x.role}`} className="ins-person-card">
          <Person people={people} name={x.person} />
          <div className="ins-role">{x.role}</div>
          <p>{x.description}</p>
          <Quotes chatId={chatId} evidence={x.evidence} />
        </div>
      ))}
    </div>
  );
}

function Findings6({ result: r, chatId }: Props<FindingsResult>) {
  return <Findings items={r.findings} chatId={chatId} />;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each component takes its own result type
const RENDERERS: Record<RendererId, (props: Props<any>) => ReactNode> = {
  communication: Communication,
  'love-languages': LoveLanguages,
  conflict: Conflict,
  support: Support,
  humour: Humour,
  memories: Memories,
  health: Health,
  roles: Roles,
  findings: Findings6,
};

export function InsightBody(props: {
  renderer: RendererId;
  result: unknown;
  chatId: number;
  people: string[];
}) {
  const Render = RENDERERS[props.renderer];
  const result = props.result as { summary?: string };
  return (
    <div className="ins-body">
      {result.summary ? <p className="ins-summary">{result.summary}</p> : null}
      <Render result={props.result as never} chatId={props.chatId} people={props.people} />
    </div>
  );
}
