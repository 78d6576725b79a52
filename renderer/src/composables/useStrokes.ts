import { ref } from 'vue'

export interface Point {
  x: number
  y: number
}

/** One pen-down to pen-up: its brush size and the points it went through, in CSS pixels of the canvas. */
export interface Stroke {
  size: number
  points: Point[]
}

export interface StrokeColours {
  ground: string
  ink: string
}

/**
 * The drawing as a stack of strokes painted on a 2D context: a stroke is drawn segment by segment as the pointer
 * moves, and undo repaints what is left. `scale` maps CSS pixels to canvas pixels (the device pixel ratio).
 */
export function useStrokes() {
  const strokes: Stroke[] = []
  /** How many strokes there are, for the buttons (the stack itself is plain data, not reactive). */
  const count = ref(0)
  let current: Stroke | null = null

  function style(ctx: CanvasRenderingContext2D, size: number, scale: number, colours: StrokeColours): void {
    ctx.lineCap = 'round'
    ctx.lineJoin = 'round'
    ctx.lineWidth = size * scale
    ctx.strokeStyle = colours.ink
    ctx.fillStyle = colours.ink
  }

  function dot(ctx: CanvasRenderingContext2D, p: Point, size: number, scale: number): void {
    ctx.beginPath()
    ctx.arc(p.x * scale, p.y * scale, (size * scale) / 2, 0, Math.PI * 2)
    ctx.fill()
  }

  function begin(ctx: CanvasRenderingContext2D, p: Point, size: number, scale: number, colours: StrokeColours): void {
    current = { size, points: [p] }
    strokes.push(current)
    count.value = strokes.length
    style(ctx, size, scale, colours)
    dot(ctx, p, size, scale)
  }

  /** Adds points to the stroke in progress and paints the new segments; false when no stroke is in progress. */
  function extend(ctx: CanvasRenderingContext2D, points: Point[], scale: number, colours: StrokeColours): boolean {
    if (!current || points.length === 0) return false
    style(ctx, current.size, scale, colours)
    ctx.beginPath()
    const last = current.points[current.points.length - 1]
    ctx.moveTo(last.x * scale, last.y * scale)
    for (const p of points) {
      ctx.lineTo(p.x * scale, p.y * scale)
      current.points.push(p)
    }
    ctx.stroke()
    return true
  }

  function end(): void {
    current = null
  }

  /** Paints every stroke again, over whatever the caller painted first (the ground). */
  function repaint(ctx: CanvasRenderingContext2D, scale: number, colours: StrokeColours): void {
    for (const stroke of strokes) {
      style(ctx, stroke.size, scale, colours)
      if (stroke.points.length === 1) {
        dot(ctx, stroke.points[0], stroke.size, scale)
        continue
      }
      ctx.beginPath()
      ctx.moveTo(stroke.points[0].x * scale, stroke.points[0].y * scale)
      for (const p of stroke.points.slice(1)) ctx.lineTo(p.x * scale, p.y * scale)
      ctx.stroke()
    }
  }

  function undo(): void {
    strokes.pop()
    current = null
    count.value = strokes.length
  }

  function clear(): void {
    strokes.length = 0
    current = null
    count.value = 0
  }

  return { count, begin, extend, end, repaint, undo, clear, drawing: () => current !== null }
}
