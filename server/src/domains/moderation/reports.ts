import { and, asc, count, desc, eq, gt, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { type ReportStatus, reportCases, reports } from '../../../../db/schema/index.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { decodeCursor, encodeCursor, olderThan } from '../../page-cursor.ts';
import { isUniqueViolation } from '../../pg-errors.ts';
import type { DbOrTx } from '../catalog/service.ts';
import type { ReportCaseView, ReportInput, ReportView } from './schema.ts';
import { type ReportTargets, type TargetRef, targetKey } from './targets.ts';

/** Reports one user may file in an hour. */
const REPORTS_PER_HOUR = 20;

/** Said in the reporter's words where the general message would list what does not apply. */
const OWN_MESSAGE: Partial<Record<ReportInput['targetType'], string>> = {
  comment: 'You cannot report your own comment',
  review: 'You cannot report your own review',
};

type ReportRow = typeof reports.$inferSelect;
type CaseRow = typeof reportCases.$inferSelect;
type Resolution = Exclude<ReportStatus, 'open'>;

function toReportView(row: ReportRow): ReportView {
  return {
    id: row.id,
    targetType: row.targetType,
    targetId: row.targetId,
    reason: row.reason,
    details: row.details,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Where the open queue goes on: most reported first, then oldest first. */
interface OpenCursor {
  reportCount: number;
  createdAt: string;
  id: string;
}

const encodeOpenCursor = (c: OpenCursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

function decodeOpenCursor(cursor: string): OpenCursor | undefined {
  try {
    const c: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (typeof c !== 'object' || c === null) return undefined;
    const { reportCount, createdAt, id } = c as Record<string, unknown>;
    // Only a timestamp as PostgreSQL prints it goes back into the query.
    const isTime = typeof createdAt === 'string' && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d)?$/.test(createdAt);
    return Number.isInteger(reportCount) && isTime && typeof id === 'string'
      ? { reportCount: reportCount as number, createdAt, id }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Users' reports, grouped per target into cases for the admins' queue. A case stays open while
 * its target gets reports; an admin's action or dismissal resolves the case with all its reports.
 */
export class ReportService {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #targets: ReportTargets;
  readonly #displayNames: (userIds: readonly string[]) => Promise<Map<string, string>>;

  constructor(deps: {
    db: Db;
    clock: Clock;
    targets: ReportTargets;
    displayNames: (userIds: readonly string[]) => Promise<Map<string, string>>;
  }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#targets = deps.targets;
    this.#displayNames = deps.displayNames;
  }

  /**
   * Files a report; the reporter's report on the same target that is still open comes back instead
   * of a new one (`isNew: false`). Throws NOT_FOUND, CANNOT_REPORT_OWN, RATE_LIMITED.
   */
  async file(reporterId: string, input: ReportInput): Promise<{ report: ReportView; isNew: boolean }> {
    const target = await this.#targets.find(input);
    if (target.ownerId === reporterId) {
      throw new AppError('CANNOT_REPORT_OWN', OWN_MESSAGE[input.targetType]);
    }
    const earlier = await this.#openReportOf(reporterId, input);
    if (earlier) return { report: toReportView(earlier), isNew: false };
    if ((await this.#countRecent(reporterId)) >= REPORTS_PER_HOUR) {
      throw new AppError('RATE_LIMITED', `At most ${REPORTS_PER_HOUR} reports an hour; try again later`);
    }
    try {
      const row = await this.#db.transaction(async (tx) => {
        const [kase] = await tx
          .insert(reportCases)
          .values({ targetType: input.targetType, targetId: input.targetId, ownerId: target.ownerId, reportCount: 1 })
          .onConflictDoUpdate({
            target: [reportCases.targetType, reportCases.targetId],
            targetWhere: sql`${reportCases.status} = 'open'`,
            set: { reportCount: sql`${reportCases.reportCount} + 1` },
          })
          .returning({ id: reportCases.id });
        if (!kase) throw new Error('case upsert returned no row');
        const [report] = await tx
          .insert(reports)
          .values({
            caseId: kase.id,
            reporterId,
            targetType: input.targetType,
            targetId: input.targetId,
            reason: input.reason,
            details: input.details ?? null,
          })
          .returning();
        if (!report) throw new Error('insert returned no row');
        return report;
      });
      return { report: toReportView(row), isNew: true };
    } catch (error) {
      // The same user's report on the same target, sent twice at once: the first one wins.
      const winner = isUniqueViolation(error) ? await this.#openReportOf(reporterId, input) : undefined;
      if (!winner) throw error;
      return { report: toReportView(winner), isNew: false };
    }
  }

  /**
   * One page of the admins' queue, one case per target: open cases most reported first, then
   * oldest first; resolved ones newest resolution first.
   */
  async listCases(filter: { status: ReportStatus; cursor?: string | undefined; limit: number }): Promise<{
    items: ReportCaseView[];
    nextCursor: string | null;
  }> {
    const isOpen = filter.status === 'open';
    const conditions: (SQL | undefined)[] = [eq(reportCases.status, filter.status)];
    if (isOpen) {
      const after = filter.cursor ? decodeOpenCursor(filter.cursor) : undefined;
      if (after) {
        conditions.push(
          or(
            lt(reportCases.reportCount, after.reportCount),
            and(
              eq(reportCases.reportCount, after.reportCount),
              or(
                sql`${reportCases.createdAt} > ${after.createdAt}::timestamptz`,
                and(sql`${reportCases.createdAt} = ${after.createdAt}::timestamptz`, gt(reportCases.id, after.id)),
              ),
            ),
          ),
        );
      }
    } else {
      const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;
      if (after) conditions.push(olderThan(reportCases.resolvedAt, reportCases.id, after));
    }
    const rows = await this.#db
      .select({
        kase: reportCases,
        exactCreatedAt: sql<string>`${reportCases.createdAt}::text`,
        exactResolvedAt: sql<string | null>`${reportCases.resolvedAt}::text`,
      })
      .from(reportCases)
      .where(and(...conditions))
      .orderBy(
        ...(isOpen
          ? [desc(reportCases.reportCount), asc(reportCases.createdAt), asc(reportCases.id)]
          : [desc(reportCases.resolvedAt), desc(reportCases.id)]),
      )
      .limit(filter.limit + 1);
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    let nextCursor: string | null = null;
    if (rows.length > filter.limit && last) {
      nextCursor = isOpen
        ? encodeOpenCursor({ reportCount: last.kase.reportCount, createdAt: last.exactCreatedAt, id: last.kase.id })
        : encodeCursor(last.exactResolvedAt ?? '', last.kase.id);
    }
    return { items: await this.#toCaseViews(page.map((r) => r.kase)), nextCursor };
  }

  /** Resolves the target's open case and its reports; returns how many reports that resolved. */
  async resolveTarget(
    tx: DbOrTx,
    ref: TargetRef,
    resolution: { status: Resolution; note: string | null; adminId: string },
  ): Promise<number> {
    return this.#resolveCases(tx, and(eq(reportCases.targetType, ref.targetType), eq(reportCases.targetId, ref.targetId)), resolution);
  }

  /** Resolves the open cases on a merchant's account and on their products; returns how many reports that resolved. */
  async resolveMerchant(
    tx: DbOrTx,
    merchantId: string,
    resolution: { status: Resolution; note: string | null; adminId: string },
  ): Promise<number> {
    return this.#resolveCases(
      tx,
      or(
        and(eq(reportCases.targetType, 'merchant'), eq(reportCases.targetId, merchantId)),
        and(eq(reportCases.targetType, 'product'), eq(reportCases.ownerId, merchantId)),
      ),
      resolution,
    );
  }

  /** Resolves the open cases on an author's comments; returns how many reports that resolved. */
  async resolveCommentsOf(
    tx: DbOrTx,
    authorId: string,
    resolution: { status: Resolution; note: string | null; adminId: string },
  ): Promise<number> {
    return this.#resolveCases(tx, and(eq(reportCases.targetType, 'comment'), eq(reportCases.ownerId, authorId)), resolution);
  }

  /** Open reports on each merchant's account and products; merchants without any are left out. */
  async countOpenOfMerchants(merchantIds: readonly string[]): Promise<Map<string, number>> {
    if (merchantIds.length === 0) return new Map();
    const rows = await this.#db
      .select({ ownerId: reportCases.ownerId, n: sql<number>`sum(${reportCases.reportCount})::int` })
      .from(reportCases)
      .where(
        and(
          eq(reportCases.status, 'open'),
          inArray(reportCases.targetType, ['merchant', 'product']),
          inArray(reportCases.ownerId, [...new Set(merchantIds)]),
        ),
      )
      .groupBy(reportCases.ownerId);
    return new Map(rows.flatMap((r) => (r.ownerId ? [[r.ownerId, Number(r.n)] as const] : [])));
  }

  async #resolveCases(
    tx: DbOrTx,
    which: SQL | undefined,
    resolution: { status: Resolution; note: string | null; adminId: string },
  ): Promise<number> {
    const now = this.#clock.now();
    const cases = await tx
      .update(reportCases)
      .set({ status: resolution.status, resolvedAt: now, resolvedBy: resolution.adminId, resolutionNote: resolution.note })
      .where(and(eq(reportCases.status, 'open'), which))
      .returning({ id: reportCases.id });
    if (cases.length === 0) return 0;
    const resolved = await tx
      .update(reports)
      .set({ status: resolution.status, resolvedAt: now })
      .where(
        and(
          eq(reports.status, 'open'),
          inArray(
            reports.caseId,
            cases.map((c) => c.id),
          ),
        ),
      )
      .returning({ id: reports.id });
    return resolved.length;
  }

  async #openReportOf(reporterId: string, ref: TargetRef): Promise<ReportRow | undefined> {
    const [row] = await this.#db
      .select()
      .from(reports)
      .where(
        and(
          eq(reports.reporterId, reporterId),
          eq(reports.targetType, ref.targetType),
          eq(reports.targetId, ref.targetId),
          eq(reports.status, 'open'),
        ),
      );
    return row;
  }

  /** Reports the user filed in the last hour, by the database's clock (the one that stamped them). */
  async #countRecent(reporterId: string): Promise<number> {
    const [row] = await this.#db
      .select({ n: count() })
      .from(reports)
      .where(and(eq(reports.reporterId, reporterId), sql`${reports.createdAt} > now() - interval '1 hour'`));
    return Number(row?.n ?? 0);
  }

  /** The page's cases with their targets, counts per reason and latest report, in a few queries. */
  async #toCaseViews(cases: CaseRow[]): Promise<ReportCaseView[]> {
    if (cases.length === 0) return [];
    const caseIds = cases.map((c) => c.id);
    const [reasonRows, latestRows, targets] = await Promise.all([
      this.#db
        .select({ caseId: reports.caseId, reason: reports.reason, n: count() })
        .from(reports)
        .where(inArray(reports.caseId, caseIds))
        .groupBy(reports.caseId, reports.reason),
      this.#db
        .selectDistinctOn([reports.caseId])
        .from(reports)
        .where(inArray(reports.caseId, caseIds))
        .orderBy(reports.caseId, desc(reports.createdAt), desc(reports.id)),
      this.#targets.describe(cases),
    ]);
    const latestOf = new Map(latestRows.map((r) => [r.caseId, r]));
    const names = await this.#displayNames(latestRows.map((r) => r.reporterId));
    return cases.flatMap((kase) => {
      const latest = latestOf.get(kase.id);
      if (!latest) return [];
      const reasons = reasonRows
        .filter((r) => r.caseId === kase.id)
        .map((r) => ({ reason: r.reason, count: Number(r.n) }))
        .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
      return [
        {
          targetType: kase.targetType,
          targetId: kase.targetId,
          target: targets.get(targetKey(kase)) ?? {
            title: kase.targetId,
            merchantId: null,
            merchantName: null,
            status: 'unknown',
            url: null,
          },
          reportCount: kase.reportCount,
          reasons,
          latest: {
            id: latest.id,
            reason: latest.reason,
            details: latest.details,
            reporterName: names.get(latest.reporterId) ?? 'someone',
            createdAt: latest.createdAt.toISOString(),
          },
          status: kase.status,
          resolvedAt: kase.resolvedAt?.toISOString() ?? null,
          resolutionNote: kase.resolutionNote,
        },
      ];
    });
  }
}
