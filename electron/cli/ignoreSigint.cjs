// Preloaded into the trainers the CLI starts. Ctrl-C in a terminal reaches every process of the foreground group,
// trainers included; they leave it to the CLI, which cancels their runs through the scheduler, so a run ends
// "cancelled" in the trainer's own words instead of "killed by SIGINT". A trainer still exits when the CLI is gone.
process.on('SIGINT', () => {})
