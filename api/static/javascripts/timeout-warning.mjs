// The GOV.UK timeout warning: a modal dialog shown before the session ends, saying how long is
// left, with "Stay signed in" (which extends the session) and "Sign out". Before showing it,
// and when the time is up, it asks the service how long is really left: another tab, or a form
// sent from this one, may have extended the session. When the session has ended it says so and
// leaves the page as it is: a form sent afterwards is kept while the person signs in again.
// Without JavaScript the page says when the session ends instead (layout.html).

const dialog = document.getElementById("timeout-warning");

function inWords(seconds) {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  }
  const whole = Math.max(0, Math.ceil(seconds));
  return whole === 1 ? "1 second" : `${whole} seconds`;
}

async function ask(url, options = {}) {
  const response = await fetch(url, {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
    redirect: "error",
    ...options,
  });
  if (!response.ok) throw new Error(`the service answered ${response.status}`);
  return response.json();
}

function start(dialog) {
  const warning = Number(dialog.dataset.warningSeconds) * 1000;
  let endsAt = Date.now() + Number(dialog.dataset.secondsLeft) * 1000;
  let busy = false;
  let ended = false;
  let spokenAt = null;
  let returnFocus = null;
  const part = (name) => dialog.querySelector(`[data-${name}]`);
  const countdown = part("countdown");
  const spoken = part("spoken-countdown");
  const stay = part("stay-signed-in");
  const csrf = document.querySelector('input[name="_csrf_token"]');

  const left = () => (endsAt - Date.now()) / 1000;

  async function refresh() {
    const status = await ask("/session");
    endsAt = Date.now() + status.seconds_left * 1000;
    return status.signed_in;
  }

  function show() {
    returnFocus = document.activeElement;
    spokenAt = null;
    dialog.showModal();
  }

  function hide() {
    dialog.close();
    if (returnFocus && typeof returnFocus.focus === "function") returnFocus.focus();
  }

  // Screen readers hear the time left when the dialog opens, then every 15 seconds or so,
  // not every second.
  function say(seconds) {
    const words = inWords(seconds);
    countdown.textContent = words;
    if (spokenAt === null || spokenAt - seconds >= 15) {
      spokenAt = seconds;
      spoken.textContent = `Your session will end in ${words}.`;
    }
  }

  function showEnded() {
    ended = true;
    dialog.querySelector("#timeout-warning-title").textContent = "You have been signed out";
    for (const name of ["countdown-text", "warning-text", "warning-actions"]) part(name).hidden = true;
    for (const name of ["ended-text", "ended-actions"]) part(name).hidden = false;
    spoken.textContent = "You have been signed out.";
    if (!dialog.open) show();
  }

  async function tick() {
    if (ended || busy) return;
    if (left() <= warning / 1000 && !dialog.open) {
      busy = true;
      try {
        await refresh();
      } catch {
        // Unreachable for now: judge by the time the page was given.
      } finally {
        busy = false;
      }
      if (left() > warning / 1000) return;
      show();
    }
    if (dialog.open) say(left());
    if (left() <= 0) {
      busy = true;
      let signedIn = false;
      try {
        signedIn = await refresh();
      } catch {
        signedIn = false;
      } finally {
        busy = false;
      }
      if (signedIn && left() > 0) {
        if (left() > warning / 1000) hide();
        return;
      }
      showEnded();
    }
  }

  async function staySignedIn() {
    const body = new URLSearchParams({ _csrf_token: csrf ? csrf.value : "" });
    try {
      const status = await ask("/session/extend", { method: "POST", body });
      endsAt = Date.now() + status.seconds_left * 1000;
      hide();
    } catch {
      showEnded();
    }
  }

  stay.addEventListener("click", staySignedIn);
  part("close").addEventListener("click", hide);
  // Escape is "Stay signed in" while the session lasts, and closes the dialog once it has ended.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    if (ended) hide();
    else staySignedIn();
  });
  setInterval(tick, 1000);
}

if (dialog && typeof dialog.showModal === "function") start(dialog);
