import type { TcIndicator } from '../../threatconnect/types';
import type { IndicatorGenerator } from './generate/indicator-generator';

/** What TQL filters and sorting read from one indicator; computed lazily, so a filter pays only for what it uses. */
export interface IndicatorFacts {
  id(): number;
  typeName(): string;
  ownerName(): string;
  /** Epoch milliseconds. */
  dateAdded(): number;
  lastModified(): number;
  /** Undefined when unset (ThreatConnect leaves it out). */
  rating(): number | undefined;
  confidence(): number | undefined;
  threatAssessScore(): number | undefined;
  active(): boolean;
  summary(): string;
  tags(): readonly string[];
}

/** Facts of a generated indicator; one instance is re-pointed (`at`) across a scan to avoid allocating per row. */
export class GeneratedFacts implements IndicatorFacts {
  #i = 0;

  constructor(private readonly generator: IndicatorGenerator) {}

  at(index: number): this {
    this.#i = index;
    return this;
  }

  id = () => this.#i + 1;
  typeName = () => this.generator.type(this.#i);
  ownerName = () => this.generator.owner(this.#i).name;
  dateAdded = () => this.generator.dateAddedSec(this.#i) * 1000;
  lastModified = () => this.generator.lastModifiedSec(this.#i) * 1000;
  rating = () => this.generator.rating(this.#i);
  confidence = () => this.generator.confidence(this.#i);
  threatAssessScore = () => this.generator.threatAssessScore(this.#i);
  active = () => this.generator.active(this.#i);
  summary = () => this.generator.summary(this.#i);
  tags = () => this.generator.tagNames(this.#i);
}

/** Facts of a stored (added or updated) indicator object. */
export class ObjectFacts implements IndicatorFacts {
  constructor(private readonly indicator: TcIndicator) {}

  id = () => this.indicator.id;
  typeName = () => this.indicator.type;
  ownerName = () => this.indicator.ownerName;
  dateAdded = () => Date.parse(this.indicator.dateAdded);
  lastModified = () => Date.parse(this.indicator.lastModified);
  rating = () => this.indicator.rating;
  confidence = () => this.indicator.confidence;
  threatAssessScore = () => this.indicator.threatAssessScore;
  active = () => this.indicator.active !== false;
  summary = () => this.indicator.summary;
  tags = () => (this.indicator.tags?.data ?? []).map((t) => t.name);
}
