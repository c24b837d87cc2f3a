/** An unlocked category as Markdown: every insight with its figures and quotes (for `insights-export`). */
import { findCategory } from './catalog';
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
  type RolesResult,
  type SupportResult,
} from './schemas';
import type { EvidenceView, InsightView, JobView, Stored } from './types';

const quoteLines = (evidence: readonly EvidenceView[] | undefined, indent = ''): string[] =>
  (evidence ?? []).map(
    (e) =>
      `${indent}> “${e.quote.replace(/\s*\n\s*/g, ' ')}” — ${e.author ?? 'system'}, ${e.at.slice(0, 16).replace('T', ' ')}`,
  );

const findingLines = (findings: readonly Stored<Finding>[]): string[] =>
  findings.flatMap((f) => [`- **${f.title}** — ${f.description}`, ...quoteLines(f.evidence, '  ')]);

function body(insight: InsightView): string[] {
  const r = insight.result as Record<string, unknown>;
  const out: string[] = [String(r.summary ?? ''), ''];
  switch (insight.renderer) {
    case 'communication': {
      const c = r as Stored<CommunicationResult>;
      out.push(`**Balance:** ${Math.round(c.balance.score)}/100 — ${c.balance.explanation}`, '');
      for (const p of c.people) {
        out.push(
          `- **${p.person}** (${Math.round(p.effort)}% of the effort; ${p.traits.join(', ')}): ${p.style}`,
        );
        out.push(...quoteLines(p.evidence, '  '));
      }
      out.push('', '**Patterns**', ...findingLines(c.patterns));
      break;
    }
    case 'love-languages': {
      const l = r as Stored<LoveLanguagesResult>;
      out.push(`| Person | ${LOVE_LANGUAGES.map((k) => LOVE_LANGUAGE_LABELS[k]).join(' | ')} |`);
      out.push(`|---|${LOVE_LANGUAGES.map(() => '---').join('|')}|`);
      for (const p of l.people)
        out.push(`| ${p.person} | ${LOVE_LANGUAGES.map((k) => p.scores[k]).join(' | ')} |`);
      out.push('');
      for (const p of l.people) {
        out.push(
          `- **${p.person}** mostly shows care through ${LOVE_LANGUAGE_LABELS[p.primary].toLowerCase()}.`,
        );
        out.push(...quoteLines(p.evidence, '  '));
      }
      out.push('', l.fit);
      break;
    }
    case 'conflict': {
      const c = r as Stored<ConflictResult>;
      for (const h of c.horsemen) {
        out.push(
          `- **${HORSEMEN_LABELS[h.kind]}** ${h.level}/10 — ${h.description}`,
          ...quoteLines(h.evidence, '  '),
        );
      }
      if (c.triggers.length > 0) out.push('', '**Triggers**', ...findingLines(c.triggers));
      out.push(
        '',
        `**Repair** ${c.repair.score}/10 — ${c.repair.description}`,
        ...quoteLines(c.repair.evidence),
      );
      break;
    }
    case 'support': {
      const s = r as Stored<SupportResult>;
      for (const p of s.people)
        out.push(`- **${p.person}** gives ${p.gives}/10, receives ${p.receives}/10 — ${p.style}`);
      out.push('', '**Moments**');
      for (const m of s.moments) {
        out.push(`- **${m.title}** (${m.supporter}) — ${m.description}`, ...quoteLines(m.evidence, '  '));
      }
      break;
    }
    case 'humour': {
      const h = r as Stored<HumourResult>;
      for (const s of h.styles) out.push(`- **${s.person}** — ${s.style}`, ...quoteLines(s.evidence, '  '));
      if (h.insideJokes.length > 0) out.push('', '**Inside jokes**');
      for (const j of h.insideJokes)
        out.push(`- **${j.joke}** — ${j.meaning}`, ...quoteLines(j.evidence, '  '));
      break;
    }
    case 'memories': {
      const m = r as Stored<MemoriesResult>;
      for (const x of m.memories)
        out.push(`- **${x.when} · ${x.title}** — ${x.description}`, ...quoteLines(x.evidence, '  '));
      break;
    }
    case 'health': {
      const h = r as Stored<HealthResult>;
      out.push(
        `**Score:** ${h.score}/100 (${h.dimensions.map((d) => `${d.name} ${d.score}/10`).join(', ')})`,
        '',
      );
      if (h.greenFlags.length > 0) out.push('**Green flags**', ...findingLines(h.greenFlags), '');
      if (h.redFlags.length > 0) out.push('**Red flags**', ...findingLines(h.redFlags), '');
      out.push('**Advice**', ...h.advice.map((a) => `- ${a}`));
      break;
    }
    case 'roles': {
      const x = r as Stored<RolesResult>;
      for (const role of x.roles) {
        out.push(
          `- **${role.person} — ${role.role}**: ${role.description}`,
          ...quoteLines(role.evidence, '  '),
        );
      }
      break;
    }
    case 'findings': {
      out.push(...findingLines((r as Stored<FindingsResult>).findings));
      break;
    }
  }
  return out;
}

export function jobToMarkdown(job: JobView, chatTitle: string): string {
  const category = findCategory(job.category);
  const lines = [
    `# ${category?.title ?? job.category} insights — ${chatTitle}`,
    '',
    `Generated ${new Date(job.finishedAt ?? job.updatedAt).toISOString().slice(0, 10)} with ${job.model}. ` +
      'Quotes are from the chat; names were pseudonymised before anything was sent.',
  ];
  for (const insight of job.insights) {
    lines.push('', `## ${insight.title}`, '');
    if (insight.status === 'completed' && insight.result) lines.push(...body(insight));
    else if (insight.status === 'failed')
      lines.push(`_Not generated: ${insight.error?.message ?? 'failed'}_`);
    else lines.push('_Still generating._');
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
