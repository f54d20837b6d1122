/* A key pressed in an SDL window, into the guest's 8042 as scancode set 1
 * (what the controller delivers with translation on); keys with no PC
 * equivalent are dropped. */
#ifndef SMMBOX_UI_SDL_SDL_KEYS_H
#define SMMBOX_UI_SDL_SDL_KEYS_H

#include <SDL.h>
#include <stdbool.h>

#include "chipset/kbc.h"

void sdl_key_to_guest(struct kbc *kbc, SDL_Scancode sc, bool down);

#endif
