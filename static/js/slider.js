/* Homepage sliders: previous/next/pause buttons, arrow keys, autoplay that stops on hover,
   focus and the pause button, and never starts for visitors who prefer reduced motion.
   Without this script a slider is a row that scrolls sideways. */
(function () {
  "use strict";
  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

  function setUp(slider) {
    var track = slider.querySelector(".slider__track");
    var slides = track.children;
    var controls = slider.querySelector(".slider__controls");
    var pause = slider.querySelector("[data-slider-pause]");
    var interval = parseInt(slider.dataset.interval, 10) || 0;
    var timer = null;
    var paused = reduceMotion.matches || interval === 0 || slides.length < 2;
    if (slides.length < 2) return;
    controls.hidden = false;

    var position = 0;
    var settle = null;
    function current() {
      return position;
    }
    function go(index) {
      var count = slides.length;
      position = ((index % count) + count) % count;
      track.scrollTo({ left: position * track.clientWidth, behavior: reduceMotion.matches ? "auto" : "smooth" });
    }
    // Scrolling by hand (touch, trackpad, scrollbar) moves the position too.
    track.addEventListener("scroll", function () {
      window.clearTimeout(settle);
      settle = window.setTimeout(function () {
        position = Math.round(track.scrollLeft / Math.max(track.clientWidth, 1));
      }, 150);
    });
    function stop() { window.clearInterval(timer); timer = null; }
    function start() {
      stop();
      if (!paused) timer = window.setInterval(function () { go(current() + 1); }, interval * 1000);
    }
    function showPaused() {
      pause.setAttribute("aria-pressed", paused ? "true" : "false");
      pause.textContent = paused ? "Play" : "Pause";
      track.setAttribute("aria-live", paused ? "polite" : "off");
    }

    slider.querySelector("[data-slider-prev]").addEventListener("click", function () { go(current() - 1); });
    slider.querySelector("[data-slider-next]").addEventListener("click", function () { go(current() + 1); });
    pause.addEventListener("click", function () { paused = !paused; showPaused(); start(); });
    if (interval === 0) pause.hidden = true;
    track.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight") { event.preventDefault(); go(current() + 1); }
      if (event.key === "ArrowLeft") { event.preventDefault(); go(current() - 1); }
    });
    slider.addEventListener("mouseenter", stop);
    slider.addEventListener("mouseleave", start);
    slider.addEventListener("focusin", stop);
    slider.addEventListener("focusout", start);
    reduceMotion.addEventListener("change", function () { if (reduceMotion.matches) { paused = true; showPaused(); stop(); } });
    showPaused();
    start();
  }

  document.querySelectorAll("[data-slider]").forEach(setUp);
})();
