/* The product page's variant picker, enhanced. Without this script the radio buttons post
   the chosen options and the cart finds the variant. With it, the SKU, price, availability,
   quantity limit and picture follow the choice without a reload, the URL carries it
   (?variant=<sku>, so a shared link opens that choice), and only options that combine with
   the others chosen are offered (sold-out ones stay visible, crossed out). The variants come
   from the page's JSON (#variant-data), their prices as the server formatted them
   (#variant-prices). */
(function () {
  "use strict";
  var root = document.querySelector("[data-variant-picker]");
  var source = document.getElementById("variant-data");
  if (!root || !source) return;
  var variants = JSON.parse(source.textContent).variants;
  var prices = document.getElementById("variant-prices");
  var radios = Array.prototype.slice.call(root.querySelectorAll("input[data-option]"));
  var groups = {};
  radios.forEach(function (radio) {
    (groups[radio.name] = groups[radio.name] || []).push(radio);
  });
  var names = Object.keys(groups);
  var sku = root.querySelector("[data-variant-sku]");
  var price = root.querySelector("[data-variant-price]");
  var availability = root.querySelector("[data-variant-availability]");
  var quantity = root.querySelector("input[name=quantity]");
  var initial = { sku: sku.textContent, price: price.innerHTML,
                  state: availability.className, label: availability.textContent };

  function chosen(except) {
    var ids = [];
    names.forEach(function (name) {
      if (name === except) return;
      groups[name].forEach(function (radio) {
        if (radio.checked) ids.push(Number(radio.value));
      });
    });
    return ids;
  }

  function having(ids) {
    return variants.filter(function (variant) {
      return ids.every(function (id) { return variant.options.indexOf(id) !== -1; });
    });
  }

  function offer() {
    names.forEach(function (name) {
      var others = chosen(name);
      groups[name].forEach(function (radio) {
        var matching = having(others.concat([Number(radio.value)]));
        var soldOut = matching.length > 0 && !matching.some(function (v) { return v.canBuy; });
        var label = radio.closest(".variant-choice");
        label.classList.toggle("variant-choice--absent", matching.length === 0);
        label.classList.toggle("variant-choice--sold-out", soldOut);
        radio.disabled = matching.length === 0 || soldOut;
        if (radio.disabled) radio.checked = false;
      });
    });
  }

  function show(variant, smooth) {
    names.forEach(function (name) {
      var legend = groups[name][0].closest("fieldset").querySelector("[data-variant-chosen]");
      var checked = groups[name].filter(function (radio) { return radio.checked; })[0];
      legend.textContent = checked ? ": " + checked.dataset.value : "";
    });
    var url = new URL(window.location.href);
    if (variant) {
      sku.textContent = variant.sku;
      var text = prices.content.querySelector('[data-variant="' + variant.id + '"]');
      if (text) price.innerHTML = text.innerHTML;
      availability.className = "availability availability-" + variant.state;
      availability.textContent = variant.label;
      quantity.max = Math.max(variant.max, 1);
      url.searchParams.set("variant", variant.sku);
      if (variant.slide) {
        var slide = document.getElementById("picture-" + variant.slide);
        var strip = slide && slide.parentElement;
        if (strip) {
          // The slide's place in the strip (offsetLeft counts from the page, not the strip).
          var left = strip.scrollLeft + slide.getBoundingClientRect().left
            - strip.getBoundingClientRect().left;
          strip.scrollTo({ left: left, behavior: smooth ? "smooth" : "instant" });
        }
      }
    } else {
      sku.textContent = initial.sku;
      price.innerHTML = initial.price;
      availability.className = initial.state;
      availability.textContent = initial.label;
      url.searchParams.delete("variant");
    }
    var listVariant = document.querySelector("[data-list-variant]");
    if (listVariant) listVariant.value = variant ? variant.id : "";  // "Save to list" saves it
    window.history.replaceState(null, "", url.pathname + url.search + url.hash);
  }

  function update(smooth) {
    offer();
    var ids = chosen(null);
    var variant = ids.length === names.length ? having(ids).filter(function (v) {
      return v.options.length === ids.length;
    })[0] : null;
    show(variant || null, smooth);
  }

  root.addEventListener("change", function (event) {
    if (event.target.matches("input[data-option]")) update(true);
  });
  // A shared link's choice: jump to its picture now, and again once the pictures have
  // loaded (a smooth scroll started before the layout settles can end on the first slide).
  update(false);
  window.addEventListener("load", function () { update(false); });
})();
