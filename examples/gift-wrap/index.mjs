// @ts-check
/**
 * Example Cartwright plugin: gift wrapping.
 *
 * - Registers a cart update callback, so a storefront can call
 *   `POST /wp-json/cocart/v2/cart/update?namespace=gift-wrap` with `{"items": ["<item_key>"], "message": "Happy birthday"}`.
 * - Feeds each item's `extensions` through the `cocart_cart_item_extensions` filter:
 *   `"extensions": {"gift_wrap": {"wrapped": true, "message": "Happy birthday"}}`.
 *
 * Load it with `PLUGINS=./examples/gift-wrap/index.mjs npm start`, or pass it to `buildApp(config, { plugins })`.
 *
 * @type {import('../../src/runtime.ts').CartwrightPlugin}
 */
const giftWrap = {
  name: 'gift-wrap',
  register(api) {
    api.cartCallbacks.register({
      name: 'gift-wrap',
      callback({ params, cart }) {
        const wanted = Array.isArray(params.items) ? params.items.map(String) : [];
        const message = typeof params.message === 'string' ? params.message.trim().slice(0, 200) : '';
        const lines = cart.lines.map((line) => {
          const { gift_wrap: _wrapped, gift_message: _message, ...rest } = line.itemData;
          if (!wanted.includes(line.key)) return { ...line, itemData: rest };
          return { ...line, itemData: { ...rest, gift_wrap: 'yes', ...(message ? { gift_message: message } : {}) } };
        });
        return {
          ...cart,
          lines,
          notices: [...cart.notices, { type: 'success', msgid: 'Gift wrapping updated.', args: [] }],
        };
      },
    });

    api.hooks.addFilter('cocart_cart_item_extensions', (extensions, itemData) => ({
      ...extensions,
      gift_wrap: {
        wrapped: itemData.gift_wrap === 'yes',
        message: typeof itemData.gift_message === 'string' ? itemData.gift_message : '',
      },
    }));
  },
};

export default giftWrap;
