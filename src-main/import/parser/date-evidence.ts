/**
 * Which number of a date is the day and which the month, from every header of a file: a number above 12
 * settles it; otherwise a chat is written in order, so the reading under which dates run backwards is wrong,
 * and the day changes more often than the month.
 */
import type { DateOrder } from '../../../src-shared/messages';
import { calendarOfYears, type Calendar } from './calendar';
import type { HeaderShape } from './header';

export interface DateOrderDecision {
  order: DateOrder;
  certain: boolean;
}

export class DateEvidence {
  count = 0;
  #firstOver12 = 0;
  #secondOver12 = 0;
  #firstChanges = 0;
  #secondChanges = 0;
  /** Steps back in time when read day-first / month-first. */
  #backDayFirst = 0;
  #backMonthFirst = 0;
  #prev1 = -1;
  #prev2 = -1;
  #prevYear = -1;
  #minYear = Number.POSITIVE_INFINITY;
  #maxYear = 0;

  constructor(readonly shape: HeaderShape) {}

  /** One header's date numbers, as written. */
  add(f1: number, f2: number, f3: number): void {
    this.count++;
    const shape = this.shape;
    const year = shape.yearFirst ? f1 : f3;
    if (year < this.#minYear) this.#minYear = year;
    if (year > this.#maxYear) this.#maxYear = year;
    if (shape.yearFirst || shape.date === 'name') return;
    if (f1 > 12) this.#firstOver12++;
    if (f2 > 12) this.#secondOver12++;
    if (this.#prev1 >= 0) {
      if (f1 !== this.#prev1) this.#firstChanges++;
      if (f2 !== this.#prev2) this.#secondChanges++;
      if (year === this.#prevYear) {
        const dayFirst = f2 * 100 + f1;
        const monthFirst = f1 * 100 + f2;
        if (dayFirst < this.#prev2 * 100 + this.#prev1) this.#backDayFirst++;
        if (monthFirst < this.#prev1 * 100 + this.#prev2) this.#backMonthFirst++;
      }
    }
    this.#prev1 = f1;
    this.#prev2 = f2;
    this.#prevYear = year;
  }

  /** Whether more headers could still change the order: not once a number above 12 has settled it. */
  get orderSettled(): boolean {
    const shape = this.shape;
    return shape.yearFirst || shape.date === 'name' || this.#firstOver12 > 0 !== this.#secondOver12 > 0;
  }

  decideOrder(): DateOrderDecision {
    const shape = this.shape;
    if (shape.date === 'name') return { order: 'dmy', certain: true };
    if (shape.yearFirst) return { order: 'ymd', certain: true };
    const dayFirst = this.#firstOver12;
    const monthFirst = this.#secondOver12;
    if (dayFirst > 0 && monthFirst === 0) return { order: 'dmy', certain: true };
    if (monthFirst > 0 && dayFirst === 0) return { order: 'mdy', certain: true };
    if (dayFirst > 0 && monthFirst > 0) {
      // Contradictory (a damaged file or two formats): the more frequent reading, flagged.
      return { order: dayFirst >= monthFirst ? 'dmy' : 'mdy', certain: false };
    }
    const backD = this.#backDayFirst;
    const backM = this.#backMonthFirst;
    if (backD === 0 && backM >= 2) return { order: 'dmy', certain: true };
    if (backM === 0 && backD >= 2) return { order: 'mdy', certain: true };
    if (backD !== backM && Math.min(backD, backM) * 3 + 2 <= Math.max(backD, backM)) {
      return { order: backD < backM ? 'dmy' : 'mdy', certain: false };
    }
    if (this.#firstChanges !== this.#secondChanges) {
      return { order: this.#firstChanges > this.#secondChanges ? 'dmy' : 'mdy', certain: false };
    }
    // Nothing to go by: month first is the US convention of 12-hour `/` dates; day first elsewhere.
    const usLike = shape.dateSep === '/' && shape.dayPeriod !== 'none';
    return { order: usLike ? 'mdy' : 'dmy', certain: false };
  }

  calendar(): Calendar {
    if (this.shape.era) return 'japanese';
    if (this.count === 0) return 'gregorian';
    return calendarOfYears(this.#minYear, this.#maxYear, this.shape.yearDigits);
  }
}
