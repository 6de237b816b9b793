export interface Point {
  x: number;
  y: number;
}

/**
 * Random waypoint mobility: walk at a random pace to a destination (mostly a zone of the floor
 * plan), pause there a while, pick the next. The classic model of people milling about a hall.
 */
export class Walker {
  position: Point;
  private target: Point;
  private speed = 0;
  private pauseLeft = 0;

  constructor(
    private readonly destination: (random: () => number) => Point,
    private readonly random: () => number,
  ) {
    this.position = this.randomPoint();
    this.target = this.position;
    this.pickTarget();
  }

  step(seconds: number): void {
    if (this.pauseLeft > 0) {
      this.pauseLeft -= seconds;
      if (this.pauseLeft <= 0) this.pickTarget();
      return;
    }
    const dx = this.target.x - this.position.x;
    const dy = this.target.y - this.position.y;
    const distance = Math.hypot(dx, dy);
    const stride = this.speed * seconds;
    if (distance <= stride) {
      this.position = this.target;
      this.pauseLeft = this.random() * 8;
      return;
    }
    this.position = {
      x: this.position.x + (dx / distance) * stride,
      y: this.position.y + (dy / distance) * stride,
    };
  }

  distanceTo(other: Walker): number {
    return Math.hypot(this.position.x - other.position.x, this.position.y - other.position.y);
  }

  private pickTarget(): void {
    this.target = this.randomPoint();
    this.speed = 0.5 + this.random(); // 0.5-1.5 m/s: strolling
  }

  private randomPoint(): Point {
    return this.destination(this.random);
  }
}
