/* SDL keys to the guest's keyboard; see sdl_keys.h. */
#include "ui/sdl/sdl_keys.h"

/* SDL scancodes to PC scancode set 1: the make code; 0xE0 in the high
 * byte marks an extended key.  Release is the make code with bit 7. */
static uint16_t set1_code(SDL_Scancode sc)
{
	static const uint8_t letters[26] = {
		0x1E, 0x30, 0x2E, 0x20, 0x12, 0x21, 0x22, 0x23, 0x17, 0x24, 0x25, 0x26, 0x32,
		0x31, 0x18, 0x19, 0x10, 0x13, 0x1F, 0x14, 0x16, 0x2F, 0x11, 0x2D, 0x15, 0x2C,
	};
	static const uint8_t digits[10] = { 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B };
	if (sc >= SDL_SCANCODE_A && sc <= SDL_SCANCODE_Z)
		return letters[sc - SDL_SCANCODE_A];
	if (sc >= SDL_SCANCODE_1 && sc <= SDL_SCANCODE_0)
		return digits[sc - SDL_SCANCODE_1];
	if (sc >= SDL_SCANCODE_F1 && sc <= SDL_SCANCODE_F10)
		return (uint16_t)(0x3B + (sc - SDL_SCANCODE_F1));
	switch (sc) {
	case SDL_SCANCODE_RETURN: return 0x1C;
	case SDL_SCANCODE_ESCAPE: return 0x01;
	case SDL_SCANCODE_BACKSPACE: return 0x0E;
	case SDL_SCANCODE_TAB: return 0x0F;
	case SDL_SCANCODE_SPACE: return 0x39;
	case SDL_SCANCODE_MINUS: return 0x0C;
	case SDL_SCANCODE_EQUALS: return 0x0D;
	case SDL_SCANCODE_LEFTBRACKET: return 0x1A;
	case SDL_SCANCODE_RIGHTBRACKET: return 0x1B;
	case SDL_SCANCODE_BACKSLASH: return 0x2B;
	case SDL_SCANCODE_SEMICOLON: return 0x27;
	case SDL_SCANCODE_APOSTROPHE: return 0x28;
	case SDL_SCANCODE_GRAVE: return 0x29;
	case SDL_SCANCODE_COMMA: return 0x33;
	case SDL_SCANCODE_PERIOD: return 0x34;
	case SDL_SCANCODE_SLASH: return 0x35;
	case SDL_SCANCODE_CAPSLOCK: return 0x3A;
	case SDL_SCANCODE_F11: return 0x57;
	case SDL_SCANCODE_F12: return 0x58;
	case SDL_SCANCODE_LSHIFT: return 0x2A;
	case SDL_SCANCODE_RSHIFT: return 0x36;
	case SDL_SCANCODE_LCTRL: return 0x1D;
	case SDL_SCANCODE_LALT: return 0x38;
	case SDL_SCANCODE_RCTRL: return 0xE01D;
	case SDL_SCANCODE_RALT: return 0xE038;
	case SDL_SCANCODE_UP: return 0xE048;
	case SDL_SCANCODE_DOWN: return 0xE050;
	case SDL_SCANCODE_LEFT: return 0xE04B;
	case SDL_SCANCODE_RIGHT: return 0xE04D;
	case SDL_SCANCODE_HOME: return 0xE047;
	case SDL_SCANCODE_END: return 0xE04F;
	case SDL_SCANCODE_PAGEUP: return 0xE049;
	case SDL_SCANCODE_PAGEDOWN: return 0xE051;
	case SDL_SCANCODE_INSERT: return 0xE052;
	case SDL_SCANCODE_DELETE: return 0xE053;
	default: return 0;
	}
}

void sdl_key_to_guest(struct kbc *kbc, SDL_Scancode sc, bool down)
{
	uint16_t code = set1_code(sc);
	if (!code)
		return;
	if (code >> 8)
		kbc_key(kbc, 0xE0);
	kbc_key(kbc, (uint8_t)((code & 0x7F) | (down ? 0 : 0x80)));
}

