// The sketchpad in Chromium against a real serve host and real trainers: draw a digit with the mouse, watch two runs
// read it live, open an image instead, save the drawing as "my digit" and score the runs on it; then dark mode.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openWorkbenchPage, QUICK_RUN, type WorkbenchPage } from '../../testing/workbenchPage'

// What the page.evaluate callbacks below use of the browser: this Node-side file has no DOM types.
interface Canvas2d {
  fillStyle: string
  strokeStyle: string
  lineWidth: number
  lineCap: string
  fillRect(x: number, y: number, w: number, h: number): void
  beginPath(): void
  moveTo(x: number, y: number): void
  lineTo(x: number, y: number): void
  stroke(): void
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray }
}
interface Canvas {
  width: number
  height: number
  getContext(kind: '2d'): Canvas2d
  toDataURL(type: string): string
}

describe('the sketchpad with real runs', () => {
  let wb: WorkbenchPage
  let digits = 0
  let again = 0
  let yesNo = 0
  let sweepRuns: number[] = []

  beforeAll(async () => {
    wb = await openWorkbenchPage()
    const calls = wb.workbench.calls
    digits = (await calls.launchRun({ ...QUICK_RUN, epochs: 3, trainLimit: 2000, name: 'digits' })).runId
    again = (await calls.launchRun({ ...QUICK_RUN, epochs: 3, trainLimit: 2000, seed: 2, name: 'digits, seed 2' }))
      .runId
    const { preset, ...quick } = QUICK_RUN
    sweepRuns = (await calls.launchSweep({ name: 'two lrs', preset, base: quick, grid: { lr: [0.05, 0.2] } })).runIds
    yesNo = (
      await calls.launchRun({
        ...QUICK_RUN,
        epochs: 3,
        trainLimit: 2000,
        task: 'binary',
        positiveClass: 7,
        outputActivation: 'sigmoid',
        loss: 'binary-cross-entropy',
        name: 'is it a 7?',
      })
    ).runId
    await wb.workbench.scheduler.idle()
    for (const id of [digits, again, yesNo]) expect((await calls.getRun(id)).status).toBe('finished')
  }, 120_000)
  afterAll(async () => {
    await wb?.close()
  })

  /** Draws a 7 as one mouse stroke across the canvas: along the top, then down to the bottom left. */
  async function drawSeven(): Promise<void> {
    const box = (await wb.page.getByTestId('sketch-canvas').boundingBox())!
    const at = (x: number, y: number): [number, number] => [
      box.x + (x / 280) * box.width,
      box.y + (y / 280) * box.height,
    ]
    const { mouse } = wb.page
    await mouse.move(...at(75, 60))
    await mouse.down()
    await mouse.move(...at(205, 60), { steps: 12 })
    await mouse.move(...at(120, 230), { steps: 16 })
    await mouse.up()
  }

  const previewInk = (): Promise<number> =>
    wb.page.getByTestId('field-preview').evaluate((canvas) => {
      const { data } = (canvas as unknown as Canvas).getContext('2d').getImageData(0, 0, 28, 28)
      return data.filter((_, i) => i % 4 === 0 && data[i] > 0).length
    })
  const card = (runId: number) => wb.page.locator(`[data-testid=prediction-card][data-run-id="${runId}"]`)

  it('reads a digit drawn with the mouse, live, in three runs side by side', async () => {
    await wb.open('/sketchpad')
    await expect.poll(() => wb.page.getByText('Choose one or more finished runs').count()).toBe(1)
    await expect.poll(() => wb.page.getByTestId('sketch-warnings').textContent()).toContain('Nothing to read yet')
    for (const id of [digits, again, yesNo]) await wb.page.getByTestId('add-run').selectOption(String(id))
    await expect.poll(() => wb.page.url()).toContain(`runs=${digits},${again},${yesNo}`)

    await drawSeven()
    await expect.poll(previewInk).toBeGreaterThan(20)
    await expect.poll(() => card(digits).getByTestId('top-class').textContent()).toMatch(/^\d\s*\d+(\.\d)?%$/)
    expect(await card(digits).locator('.bars li').count()).toBe(10)
    // the binary run shows its own class names
    expect(await card(yesNo).locator('.bars li .name').allTextContents()).toEqual(['rest', 'is 7'])
    expect(await card(yesNo).getByTestId('top-class').textContent()).toMatch(/^(rest|is 7)/)
    // the two digit runs are compared; the yes-or-no run answers another question
    expect(await wb.page.getByTestId('consensus').textContent()).toMatch(
      /^(1 of 2 runs say \d|All 2 runs say \d) · mean probability of \d: \d+\.\d% · 1 run with other classes not counted$/,
    )
    // the same wasm kernels as the trainers, over an ordinary memory (the page is not cross-origin isolated)
    expect(await wb.page.getByTestId('kernels').textContent()).toMatch(
      /WebAssembly SIMD kernels \((relaxed SIMD|SIMD128)/,
    )
    await wb.screenshot('sketchpad-drawn')
  })

  it('undoes the stroke, then reads an image file of dark ink on white instead', async () => {
    await wb.page.getByRole('button', { name: 'Undo' }).click()
    await expect.poll(previewInk).toBe(0)
    // a PNG made in the page: a black 1 on white, off-centre on a wide image
    const png = await wb.page.evaluate(() => {
      const c = (
        globalThis as unknown as { document: { createElement(tag: 'canvas'): Canvas } }
      ).document.createElement('canvas')
      c.width = 400
      c.height = 300
      const ctx = c.getContext('2d')
      ctx.fillStyle = '#fff'
      ctx.fillRect(0, 0, 400, 300)
      ctx.strokeStyle = '#000'
      ctx.lineWidth = 22
      ctx.lineCap = 'round'
      ctx.beginPath()
      ctx.moveTo(280, 50)
      ctx.lineTo(270, 250)
      ctx.stroke()
      return c.toDataURL('image/png').split(',')[1]
    })
    await wb.page
      .locator('input[type=file]')
      .setInputFiles({ name: 'one.png', mimeType: 'image/png', buffer: Buffer.from(png, 'base64') })
    await expect.poll(() => wb.page.getByText('Reading one.png').count()).toBe(1)
    await expect.poll(previewInk).toBeGreaterThan(10)
    expect(await wb.page.locator('.field-preview .caption').textContent()).toContain('inverted to white on black')
    await expect.poll(() => card(digits).getByTestId('top-class').textContent()).toMatch(/^\d/)
    await wb.screenshot('sketchpad-image')
    await wb.page.getByRole('button', { name: 'Clear', exact: true }).click()
    await expect.poll(previewInk).toBe(0)
  })

  it('says in words what may go wrong: thin strokes, ink on the edge', async () => {
    await wb.page.getByLabel('Brush size').fill('4')
    const box = (await wb.page.getByTestId('sketch-canvas').boundingBox())!
    await wb.page.mouse.move(box.x + 150, box.y + 30)
    await wb.page.mouse.down()
    await wb.page.mouse.move(box.x + 140, box.y + box.height - 1, { steps: 10 })
    await wb.page.mouse.up()
    const warnings = wb.page.getByTestId('sketch-warnings')
    await expect
      .poll(() => warnings.locator('li').allTextContents())
      .toEqual([
        expect.stringMatching(/^The strokes are thin: scaled to 28×28 they are about 0\.\d px wide/),
        expect.stringMatching(/^The drawing touches the edge/),
      ])
    await wb.screenshot('sketchpad-warnings')
    await wb.page.getByLabel('Brush size').fill('18')
    await wb.page.getByRole('button', { name: 'Clear', exact: true }).click()
  })

  it('saves the drawing as "my digit" and scores the runs on it; the score stays after a reload', async () => {
    await drawSeven()
    await expect.poll(() => card(digits).getByTestId('top-class').textContent()).toMatch(/^\d/)
    const said = (await card(digits).getByTestId('top-class').textContent())!.trim()[0]
    const saidByBinary = (await card(yesNo).getByTestId('top-class').textContent())!.startsWith('is 7')

    await wb.page.getByRole('radio', { name: '7' }).click()
    await wb.page.getByTestId('save-digit').click()
    await expect.poll(() => wb.page.getByText('1 saved digit', { exact: true }).count()).toBe(1)
    expect(await wb.page.locator('.gallery li').count()).toBe(1)
    await expect.poll(previewInk).toBe(0) // saving clears the canvas for the next digit
    const [saved] = await wb.workbench.calls.listDrawings()
    expect(saved.label).toBe(7)

    await wb.page.getByTestId('score-digits').click()
    const scores = wb.page.getByTestId('digit-scores')
    await expect.poll(() => scores.locator('tr').count()).toBe(4)
    // the host scored the same pixels with the same code: it agrees with what the page showed
    const expected = (right: boolean) => `${right ? '100.0' : '0.0'}% of 1`
    const scoreOf = (runId: number) =>
      scores
        .locator('tr', { hasText: `#${runId} ` })
        .locator('td')
        .nth(1)
        .textContent()
    expect(await scoreOf(digits)).toContain(expected(said === '7'))
    expect(await scoreOf(yesNo)).toContain(expected(saidByBinary))
    expect(await wb.page.locator('table.confusion').count()).toBe(1)
    expect((await wb.workbench.calls.getRun(digits)).myDigitsCount).toBe(1)
    await wb.screenshot('sketchpad-scored')

    await wb.page.reload()
    await expect.poll(() => wb.page.getByTestId('digit-scores').locator('tr').count()).toBe(4)
    expect(await wb.page.getByTestId('digit-scores').textContent()).toContain(expected(said === '7'))
    expect(wb.problems).toEqual([])
  })

  it('chooses the best runs of a sweep by test accuracy in one go', async () => {
    await wb.page.getByLabel('Best runs of a sweep').selectOption({ label: 'two lrs (2 finished)' })
    const accuracy = async (id: number) => (await wb.workbench.calls.getRun(id)).testAccuracy ?? -1
    const ordered = (await Promise.all(sweepRuns.map(async (id) => [id, await accuracy(id)] as const)))
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .map(([id]) => id)
    await expect.poll(() => wb.page.url()).toContain(`runs=${ordered.join(',')}`)
    expect(await wb.page.locator('[data-testid=prediction-card]').count()).toBe(2)
  })

  it('looks right in dark mode', async () => {
    const page = await wb.browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' })
    try {
      await page.goto(`${wb.host.url}#/sketchpad?runs=${digits},${again},${yesNo}`)
      await expect.poll(() => page.locator('[data-testid=prediction-card]').count()).toBe(3)
      const box = (await page.getByTestId('sketch-canvas').boundingBox())!
      await page.mouse.move(box.x + 140, box.y + 40)
      await page.mouse.down()
      await page.mouse.move(box.x + 140, box.y + 240, { steps: 15 })
      await page.mouse.up()
      await expect.poll(() => page.locator(`[data-run-id="${digits}"] [data-testid=top-class]`).count()).toBe(1)
      expect(await page.locator('.field-preview .caption').textContent()).not.toContain('inverted')
      if (process.env.NNWB_SCREENSHOTS)
        await page.screenshot({ path: `${process.env.NNWB_SCREENSHOTS}/sketchpad-dark.png` })
    } finally {
      await page.close()
    }
  })
})
